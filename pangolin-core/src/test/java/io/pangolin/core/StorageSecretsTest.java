package io.pangolin.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pangolin.api.RequestContext;
import io.pangolin.api.UnavailableException;
import io.pangolin.api.Warehouse;
import io.pangolin.store.memory.MemoryMetadataStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StorageSecretsTest {
  private static String key() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  private static final String K1 = "k1:" + key();
  private static final String K2 = "k2:" + key();

  @Test
  void seal_encryptsOnlySecrets_andOpenRestoresThem() {
    StorageSecrets s = StorageSecrets.parse(K1);
    Map<String, String> sealed = s.seal(Map.of("s3.secret-access-key", "very-secret", "s3.endpoint", "http://x",
        "s3.access-key-id", "AKIA"));
    assertThat(sealed.get("s3.secret-access-key")).startsWith("enc:v1:k1:").doesNotContain("very-secret");
    assertThat(sealed.get("s3.access-key-id")).startsWith("enc:v1:k1:");
    assertThat(sealed).containsEntry("s3.endpoint", "http://x");
    assertThat(s.seal(Map.of("s3.secret-access-key", "very-secret")).get("s3.secret-access-key"))
        .isNotEqualTo(sealed.get("s3.secret-access-key")); // a fresh nonce each time
    assertThat(s.open(sealed)).containsEntry("s3.secret-access-key", "very-secret")
        .containsEntry("s3.access-key-id", "AKIA").containsEntry("s3.endpoint", "http://x");
  }

  @Test
  void rotation_newKeyFirstEncrypts_oldKeysStillDecrypt_droppedKeyIsA503() {
    Map<String, String> old = StorageSecrets.parse(K1).seal(Map.of("s3.secret-access-key", "v"));
    StorageSecrets rotated = StorageSecrets.parse(K2 + "," + K1);
    assertThat(rotated.open(old)).containsEntry("s3.secret-access-key", "v");
    assertThat(rotated.seal(Map.of("s3.secret-access-key", "v")).get("s3.secret-access-key")).startsWith("enc:v1:k2:");
    assertThatThrownBy(() -> StorageSecrets.parse(K2).open(old)).isInstanceOf(UnavailableException.class)
        .hasMessageContaining("'k1'").hasMessageNotContaining(K1.substring(3));
  }

  @Test
  void aValueMovedToAnotherKey_orTamperedWith_doesNotDecrypt() {
    StorageSecrets s = StorageSecrets.parse(K1);
    String sealed = s.seal(Map.of("s3.secret-access-key", "v")).get("s3.secret-access-key");
    assertThatThrownBy(() -> s.open(Map.of("s3.session-token", sealed))).isInstanceOf(UnavailableException.class);
    String flipped = sealed.substring(0, sealed.length() - 3) + (sealed.endsWith("AAA=") ? "BB=" : "AA=");
    assertThatThrownBy(() -> s.open(Map.of("s3.secret-access-key", flipped)))
        .isInstanceOf(UnavailableException.class);
    assertThatThrownBy(() -> s.open(Map.of("s3.secret-access-key", "enc:v1:k1:!!")))
        .isInstanceOf(UnavailableException.class);
  }

  @Test
  void parse_refusesBadKeys_withoutEchoingThem() {
    assertThat(StorageSecrets.parse(" ").enabled()).isFalse();
    assertThatThrownBy(() -> StorageSecrets.parse("k1:c2hvcnQ=")).hasMessageContaining("32 bytes")
        .hasMessageNotContaining("c2hvcnQ");
    assertThatThrownBy(() -> StorageSecrets.parse("nokey")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StorageSecrets.parse(K1 + "," + K1)).hasMessageContaining("repeated");
    assertThatThrownBy(() -> StorageSecrets.parse("k1:%%%")).hasMessageContaining("base64");
  }

  @Test
  void warehouses_storeSecretsEncrypted_andTheEngineOpensThem() {
    try (Pangolin pangolin = Pangolin.builder().store(new MemoryMetadataStore())
        .storageSecrets(StorageSecrets.parse(K2 + "," + K1)).build()) {
      RequestContext ctx = RequestContext.of("acme", "admin");
      pangolin.tenants().create(ctx, "acme", Map.of());
      pangolin.warehouses().create(ctx, "lake", "s3://b/lake", Map.of("s3.secret-access-key", "s1", "region", "x"));
      Warehouse stored = pangolin.warehouses().get(ctx, "lake");
      assertThat(stored.storageProperties().get("s3.secret-access-key")).startsWith("enc:v1:k2:");
      assertThat(pangolin.storageProperties(stored)).containsEntry("s3.secret-access-key", "s1")
          .containsEntry("region", "x");
      Map<String, String> updates = new HashMap<>(Map.of("s3.session-token", "t1"));
      Warehouse updated = pangolin.warehouses().update(ctx, "lake", Optional.empty(), updates, Set.of());
      assertThat(updated.storageProperties().get("s3.session-token")).startsWith("enc:v1:k2:");
      assertThat(pangolin.storageProperties(updated)).containsEntry("s3.secret-access-key", "s1")
          .containsEntry("s3.session-token", "t1");
    }
  }
}
