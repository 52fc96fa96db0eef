package io.pangolin.store.postgres;

import static io.pangolin.store.postgres.Rows.json;
import static io.pangolin.store.postgres.Rows.levels;
import static io.pangolin.store.postgres.Rows.ts;

import io.pangolin.api.Asset;
import io.pangolin.api.Namespace;
import io.pangolin.spi.TenantEntities;
import java.util.List;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The statements of {@link io.pangolin.spi.MetadataStore#restore}: one upsert per table that writes every column as
 * given — the version included — and replaces the row under the same key. Run as JDBC batches inside one
 * transaction, parents first, so the foreign keys see them.
 */
final class Restores {
  private final String warehouses;
  private final String catalogs;
  private final String namespaces;
  private final String assets;
  private final String users;

  Restores(Sql sql) {
    warehouses = "INSERT INTO " + sql.table("warehouses") + " (tenant, name, storage_root, storage_properties, "
        + "created_at, updated_at, version) VALUES (:tenant, :name, :storageRoot, CAST(:properties AS jsonb), "
        + ":createdAt, :updatedAt, :version) ON CONFLICT (tenant, name) DO UPDATE SET "
        + "storage_root = EXCLUDED.storage_root, storage_properties = EXCLUDED.storage_properties, "
        + "created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at, version = EXCLUDED.version";
    catalogs = "INSERT INTO " + sql.table("catalogs") + " (tenant, name, warehouse, properties, created_at, "
        + "updated_at, version) VALUES (:tenant, :name, :warehouse, CAST(:properties AS jsonb), :createdAt, "
        + ":updatedAt, :version) ON CONFLICT (tenant, name) DO UPDATE SET warehouse = EXCLUDED.warehouse, "
        + "properties = EXCLUDED.properties, created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at, "
        + "version = EXCLUDED.version";
    namespaces = "INSERT INTO " + sql.table("namespaces") + " (tenant, catalog, name, properties, created_at, "
        + "updated_at, version) VALUES (:tenant, :catalog, :name, CAST(:properties AS jsonb), :createdAt, "
        + ":updatedAt, :version) ON CONFLICT (tenant, catalog, name) DO UPDATE SET "
        + "properties = EXCLUDED.properties, created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at, "
        + "version = EXCLUDED.version";
    assets = "INSERT INTO " + sql.table("assets") + " (tenant, id, catalog, namespace, name, kind, location, "
        + "properties, metadata_location, created_at, updated_at, version) VALUES (:tenant, :id, :catalog, "
        + ":namespace, :name, :kind, :location, CAST(:properties AS jsonb), :metadataLocation, :createdAt, "
        + ":updatedAt, :version) ON CONFLICT (tenant, catalog, namespace, name) DO UPDATE SET id = EXCLUDED.id, "
        + "kind = EXCLUDED.kind, location = EXCLUDED.location, properties = EXCLUDED.properties, "
        + "metadata_location = EXCLUDED.metadata_location, created_at = EXCLUDED.created_at, "
        + "updated_at = EXCLUDED.updated_at, version = EXCLUDED.version";
    users = "INSERT INTO " + sql.table("users") + " (tenant, name, email, properties, created_at, updated_at, "
        + "version) VALUES (:tenant, :name, :email, CAST(:properties AS jsonb), :createdAt, :updatedAt, :version) "
        + "ON CONFLICT (tenant, name) DO UPDATE SET email = EXCLUDED.email, properties = EXCLUDED.properties, "
        + "created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at, version = EXCLUDED.version";
  }

  /** Writes the whole batch on {@code h} (the caller's transaction). */
  void apply(Handle h, TenantEntities e) {
    batch(h, warehouses, e.warehouses(), (b, w) -> b.bind("tenant", w.tenant()).bind("name", w.name())
        .bind("storageRoot", w.storageRoot()).bind("properties", json(w.storageProperties()))
        .bind("createdAt", ts(w.createdAt())).bind("updatedAt", ts(w.updatedAt())).bind("version", w.version()));
    batch(h, catalogs, e.catalogs(), (b, c) -> b.bind("tenant", c.tenant()).bind("name", c.name())
        .bind("warehouse", c.warehouse()).bind("properties", json(c.properties()))
        .bind("createdAt", ts(c.createdAt())).bind("updatedAt", ts(c.updatedAt())).bind("version", c.version()));
    // each row of a batch is its own statement, checked against the foreign keys in turn: parents go first
    List<Namespace> ordered = e.namespacesParentsFirst();
    batch(h, namespaces, ordered, (b, n) -> b.bind("tenant", n.tenant()).bind("catalog", n.catalog())
        .bind("name", levels(n.name())).bind("properties", json(n.properties()))
        .bind("createdAt", ts(n.createdAt())).bind("updatedAt", ts(n.updatedAt())).bind("version", n.version()));
    batch(h, assets, e.assets(), (b, a) -> bindAsset(b, a));
    batch(h, users, e.users(), (b, u) -> b.bind("tenant", u.tenant()).bind("name", u.name())
        .bind("email", u.email().orElse(null)).bind("properties", json(u.properties()))
        .bind("createdAt", ts(u.createdAt())).bind("updatedAt", ts(u.updatedAt())).bind("version", u.version()));
  }

  private static void bindAsset(PreparedBatch b, Asset a) {
    b.bind("tenant", a.tenant()).bind("id", a.id()).bind("catalog", a.catalog())
        .bind("namespace", levels(a.namespace())).bind("name", a.name()).bind("kind", a.kind().name())
        .bind("location", a.location()).bind("properties", json(a.properties()))
        .bind("metadataLocation", a.metadataLocation().orElse(null)).bind("createdAt", ts(a.createdAt()))
        .bind("updatedAt", ts(a.updatedAt())).bind("version", a.version());
  }

  private static <T> void batch(Handle h, String statement, List<T> items, BiConsumer<PreparedBatch, T> bind) {
    if (items.isEmpty()) {
      return;
    }
    PreparedBatch b = h.prepareBatch(statement);
    for (T item : items) {
      bind.accept(b, item);
      b.add();
    }
    b.execute();
  }
}
