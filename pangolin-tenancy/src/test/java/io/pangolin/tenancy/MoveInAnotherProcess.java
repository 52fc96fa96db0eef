package io.pangolin.tenancy;

import io.pangolin.spi.ProviderConfig;
import io.pangolin.store.postgres.PostgresStoreProvider;
import io.pangolin.store.postgres.PostgresTestServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs a tier move in a JVM of its own for {@link TenantMoveTest}, printing {@code copied <n>} as it copies; once
 * half of the assets are copied it stops where it is, so that the test kills the process at a known point.
 * Arguments: control database URL, place prefix, tenant, target tier.
 */
public final class MoveInAnotherProcess {
  private MoveInAnotherProcess() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> keys = new HashMap<>(Map.of("url", args[0], "user", PostgresTestServer.USER,
        "pool-size", "4", "maintenance-interval-s", "0"));
    if (!PostgresTestServer.PASSWORD.isEmpty()) {
      keys.put("password", PostgresTestServer.PASSWORD);
    }
    PlacementTenancy tenancy = PlacementTenancy.open(new PostgresStoreProvider(), ProviderConfig.of(keys),
        TenancyConfig.builder(Tier.SHARED).placePrefix(args[1]).placementTtl(Duration.ofMillis(200))
            .writeGrace(Duration.ofMillis(200)).dedicatedPoolSize(2).hybridPoolSize(2).build());
    tenancy.mover().progressListener = n -> {
      System.out.println("copied " + n);
      System.out.flush();
      if (n >= TenantMoveTest.BIG / 2) {
        try {
          Thread.sleep(Long.MAX_VALUE); // wait here for the kill
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    tenancy.mover().move(args[2], Tier.parse(args[3]));
    System.out.println("finished");
  }
}
