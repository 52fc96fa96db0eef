package io.pangolin.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  @TempDir
  Path home;

  private static Settings.Flags flags(String url, String token, String id, String secret, String tenant, Path config) {
    return new Settings.Flags(url, token, id, secret, tenant, config);
  }

  private void configFile(String text) throws IOException {
    Files.createDirectories(home.resolve(".pangolin"));
    Files.writeString(home.resolve(".pangolin/admin.properties"), text);
  }

  @Test
  void nothingGiven_defaultUrl_noCredentials() {
    Settings s = Settings.resolve(flags(null, null, null, null, null, null), Map.of(), home);
    assertThat(s.url()).isEqualTo(URI.create("http://localhost:8080"));
    assertThat(s.token()).isEmpty();
    assertThat(s.clientId()).isEmpty();
    assertThat(s.tenant()).isEmpty();
  }

  @Test
  void flagBeatsEnvironment_environmentBeatsDefaultConfigFile() throws IOException {
    configFile("url=http://file:1\nclient-id=file-id\nclient-secret=file-secret\ntenant=file-tenant\n");
    Settings fromFile = Settings.resolve(flags(null, null, null, null, null, null), Map.of(), home);
    assertThat(fromFile.url()).isEqualTo(URI.create("http://file:1"));
    assertThat(fromFile.clientId()).contains("file-id");
    assertThat(fromFile.tenant()).contains("file-tenant");

    Map<String, String> env = Map.of("PANGOLIN_URL", "http://env:2/", "PANGOLIN_TENANT", "env-tenant");
    Settings fromEnv = Settings.resolve(flags(null, null, null, null, null, null), env, home);
    assertThat(fromEnv.url()).isEqualTo(URI.create("http://env:2"));
    assertThat(fromEnv.tenant()).contains("env-tenant");
    assertThat(fromEnv.clientSecret()).contains("file-secret");

    Settings fromFlags = Settings.resolve(flags("https://flag:3", null, null, null, "flag-tenant", null), env, home);
    assertThat(fromFlags.url()).isEqualTo(URI.create("https://flag:3"));
    assertThat(fromFlags.tenant()).contains("flag-tenant");
  }

  @Test
  void explicitConfigFile_mustExist() {
    assertThatThrownBy(() -> Settings.resolve(flags(null, null, null, null, null, home.resolve("nope")), Map.of(),
        home)).isInstanceOfSatisfying(AdminException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(ExitCodes.LOCAL_IO);
          assertThat(e.getMessage()).contains("no such file");
        });
  }

  @Test
  void halfAPairOfClientCredentials_orABadUrl_isAUsageError() {
    assertThatThrownBy(() -> Settings.resolve(flags(null, null, "id", null, null, null), Map.of(), home))
        .isInstanceOfSatisfying(AdminException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE));
    assertThatThrownBy(() -> Settings.resolve(flags("ftp://x", null, null, null, null, null), Map.of(), home))
        .isInstanceOfSatisfying(AdminException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE));
    assertThatThrownBy(() -> Settings.resolve(flags("not a url", null, null, null, null, null), Map.of(), home))
        .isInstanceOfSatisfying(AdminException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE));
  }

  @Test
  void toString_neverShowsTheSecretOrTheToken() {
    Settings s = Settings.resolve(flags(null, "tok-123456", "id", "sec-987654", null, null), Map.of(), home);
    assertThat(s.toString()).contains("id").doesNotContain("tok-123456", "sec-987654");
  }
}
