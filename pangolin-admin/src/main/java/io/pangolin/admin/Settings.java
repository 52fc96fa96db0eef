package io.pangolin.admin;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the server is and how to authenticate, resolved once per run: each value from its command-line flag, else its
 * environment variable, else the config file ({@code --config FILE}, default {@code ~/.pangolin/admin.properties}).
 *
 * <p>{@link #toString()} never shows the client secret or the token.
 */
record Settings(URI url, Optional<String> token, Optional<String> clientId, Optional<String> clientSecret,
    Optional<String> tenant) {

  static final String DEFAULT_URL = "http://localhost:8080";

  /** The values as given on the command line (null: not given). */
  record Flags(String url, String token, String clientId, String clientSecret, String tenant, Path config) {}

  /**
   * Resolves the settings. An explicit {@code --config} file must exist; the default one is read if present. Keys of
   * the file: {@code url}, {@code token}, {@code client-id}, {@code client-secret}, {@code tenant}.
   */
  static Settings resolve(Flags flags, Map<String, String> env, Path home) {
    Properties file = load(flags.config(), home.resolve(".pangolin").resolve("admin.properties"));
    String url = pick(flags.url(), env.get("PANGOLIN_URL"), file.getProperty("url")).orElse(DEFAULT_URL);
    URI uri;
    try {
      uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    } catch (IllegalArgumentException e) {
      throw new AdminException(ExitCodes.USAGE, "the server URL is not a valid URI: " + url);
    }
    if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
        || uri.getHost() == null) {
      throw new AdminException(ExitCodes.USAGE, "the server URL must be http(s)://host[:port]: " + url);
    }
    Optional<String> id = pick(flags.clientId(), env.get("PANGOLIN_CLIENT_ID"), file.getProperty("client-id"));
    Optional<String> secret = pick(flags.clientSecret(), env.get("PANGOLIN_CLIENT_SECRET"),
        file.getProperty("client-secret"));
    if (id.isPresent() != secret.isPresent()) {
      throw new AdminException(ExitCodes.USAGE, "give both a client id and a client secret (--client-id and "
          + "--client-secret, PANGOLIN_CLIENT_ID and PANGOLIN_CLIENT_SECRET, or client-id and client-secret in the "
          + "config file)");
    }
    return new Settings(uri, pick(flags.token(), env.get("PANGOLIN_TOKEN"), file.getProperty("token")), id, secret,
        pick(flags.tenant(), env.get("PANGOLIN_TENANT"), file.getProperty("tenant")));
  }

  private static Properties load(Path explicit, Path fallback) {
    Properties p = new Properties();
    Path file = explicit != null ? explicit : fallback;
    if (explicit == null && !Files.isRegularFile(fallback)) {
      return p;
    }
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
      return p;
    } catch (IOException | IllegalArgumentException e) {
      throw new AdminException(ExitCodes.LOCAL_IO, "cannot read the config file " + file + ": "
          + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
    }
  }

  private static Optional<String> pick(String... candidates) {
    for (String c : candidates) {
      if (c != null && !c.isBlank()) {
        return Optional.of(c.strip());
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "Settings[url=" + url + ", token=" + (token.isPresent() ? "***" : "none") + ", clientId="
        + clientId.orElse("none") + ", clientSecret=" + (clientSecret.isPresent() ? "***" : "none") + ", tenant="
        + tenant.orElse("none") + "]";
  }
}
