package io.pangolin.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.pangolin.api.TenantPlacement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Placement and moves on MongoDB (mongo-java-server): a database per tenant, moved into and out of, and dropped. */
class MongoPlacementTest {
  @RegisterExtension
  static final MongoPlaces MONGO = new MongoPlaces();

  @Test
  void tenant_movesSharedToDedicatedAndBack_keepingEverything_andItsDatabaseIsDroppedWhenItGoes() {
    PlacementTenancy tenancy = MONGO.open(Tier.SHARED);
    TenantRoutingStore store = tenancy.controlPlane();
    Data.tenant(store, "m-move", null);
    Data.populate(store, "m-move", 300, 10);
    Data.Snapshot before = Data.snapshot(store, "m-move");

    tenancy.mover().move("m-move", Tier.DEDICATED);

    TenantPlacement p = tenancy.placement("m-move");
    assertThat(p.tier()).isEqualTo("dedicated");
    assertThat(p.target()).isEqualTo("tt_m_0move");
    Data.Snapshot moved = Data.snapshot(store, "m-move");
    assertThat(moved.assets()).isEqualTo(before.assets());
    assertThat(moved.warehouses()).isEqualTo(before.warehouses());
    assertThat(moved.users()).isEqualTo(before.users());
    assertThat(Data.assets(store.control, "m-move")).isEmpty();

    tenancy.mover().move("m-move", Tier.SHARED);
    assertThat(Data.snapshot(store, "m-move").assets()).isEqualTo(before.assets());
    assertThat(tenancy.placement("m-move").tier()).isEqualTo("shared");
  }
}
