package io.pangolin.tenancy;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetQuery;
import io.pangolin.api.AuditEvent;
import io.pangolin.api.AuditQuery;
import io.pangolin.api.Catalog;
import io.pangolin.api.ConflictException;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.UnavailableException;
import io.pangolin.api.User;
import io.pangolin.api.Warehouse;
import io.pangolin.spi.MetadataStore;
import io.pangolin.spi.TenantEntities;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Copies one tenant from a source store to a target store and compares them: the engine of a tier move.
 *
 * <p>{@link #sync} makes the target hold exactly the source's entities — it writes (with
 * {@link MetadataStore#restore}, versions included) what is missing or different and deletes what the source no
 * longer has — and appends the source's audit events the target lacks. It only reads what it compares, so running it
 * again after an interruption continues where the first run stopped, and on a target that is already equal it writes
 * nothing. Assets are compared as two sorted streams (search order), never loaded all at once; restore batches run on
 * a small pool.
 *
 * <p>{@link #digest} counts a store's entities of the tenant and hashes them (SHA-256 over {@link Canonical} lines in
 * listing order): equal digests mean equal contents, field for field.
 */
final class TenantSync {
  static final Comparator<AssetKey> SEARCH_ORDER = Comparator.comparing(AssetKey::catalog)
      .thenComparing(AssetKey::namespace).thenComparing(AssetKey::name);
  /** The order of {@link MetadataStore#queryAudit}: newest first, then id descending. */
  static final Comparator<AuditEvent> AUDIT_ORDER = Comparator.comparing(AuditEvent::timestamp)
      .thenComparing(AuditEvent::id).reversed();

  /** What {@link #digest} found. {@code auditEvents} are counted, not hashed: a target may hold more of them. */
  record Digest(long warehouses, long catalogs, long namespaces, long assets, long users, long auditEvents,
      String sha256) {
    boolean sameEntities(Digest other) {
      return warehouses == other.warehouses && catalogs == other.catalogs && namespaces == other.namespaces
          && assets == other.assets && users == other.users && sha256.equals(other.sha256);
    }

    String summary() {
      return warehouses + " warehouses, " + catalogs + " catalogs, " + namespaces + " namespaces, " + assets
          + " assets, " + users + " users, " + auditEvents + " audit events, sha256 " + sha256;
    }
  }

  /** What {@link #sync} changed in the target. */
  record Changes(long written, long deleted, long auditAppended) {
    boolean none() {
      return written == 0 && deleted == 0 && auditAppended == 0;
    }
  }

  private record NsKey(String catalog, NamespaceName name) implements Comparable<NsKey> {
    @Override
    public int compareTo(NsKey o) {
      int c = catalog.compareTo(o.catalog);
      return c != 0 ? c : name.compareTo(o.name);
    }
  }

  private final String tenant;
  private final int batchSize;
  private final ExecutorService pool;
  private final int parallelism;
  private final LongConsumer onAssetsWritten;

  /**
   * @param onAssetsWritten told the running total of assets written after each restore batch (progress; tests
   *     interrupt moves with it)
   */
  TenantSync(String tenant, int batchSize, ExecutorService pool, int parallelism, LongConsumer onAssetsWritten) {
    this.tenant = Objects.requireNonNull(tenant, "tenant");
    this.batchSize = batchSize;
    this.pool = pool;
    this.parallelism = parallelism;
    this.onAssetsWritten = onAssetsWritten;
  }

  // ---- sync -----------------------------------------------------------------------------------------------------

  Changes sync(MetadataStore source, MetadataStore target) {
    long written = 0;
    long deleted = 0;
    Map<String, Warehouse> sw = byKey(Pages.all(p -> source.listWarehouses(tenant, p)), Warehouse::name);
    Map<String, Warehouse> tw = byKey(Pages.all(p -> target.listWarehouses(tenant, p)), Warehouse::name);
    Map<String, Catalog> sc = byKey(Pages.all(p -> source.listCatalogs(tenant, p)), Catalog::name);
    Map<String, Catalog> tc = byKey(Pages.all(p -> target.listCatalogs(tenant, p)), Catalog::name);
    Map<NsKey, Namespace> sn = namespaces(source, sc.keySet());
    Map<NsKey, Namespace> tn = namespaces(target, tc.keySet());
    Map<String, User> su = byKey(Pages.all(p -> source.listUsers(tenant, p)), User::name);
    Map<String, User> tu = byKey(Pages.all(p -> target.listUsers(tenant, p)), User::name);

    List<Warehouse> w = changed(sw, tw, Canonical::of);
    List<Catalog> c = changed(sc, tc, Canonical::of);
    restore(target, new TenantEntities(w, c, List.of(), List.of(), List.of()));
    written += w.size() + c.size();
    List<Namespace> n = changed(sn, tn, Canonical::of).stream()
        .sorted(Comparator.comparingInt(x -> x.name().depth())).toList();
    for (int i = 0; i < n.size(); i += batchSize) {
      restore(target, TenantEntities.ofNamespaces(n.subList(i, Math.min(n.size(), i + batchSize))));
    }
    written += n.size();

    List<AssetKey> extraAssets = new ArrayList<>();
    written += syncAssets(source, target, extraAssets);
    List<User> u = changed(su, tu, Canonical::of);
    restore(target, TenantEntities.ofUsers(u));
    written += u.size();
    written += syncGrants(source, target);

    parallel(extraAssets, key -> ignoreMissing(() -> target.deleteAsset(tenant, key)));
    deleted += extraAssets.size();
    List<NsKey> extraNs = tn.keySet().stream().filter(k -> !sn.containsKey(k))
        .sorted(Comparator.comparingInt((NsKey k) -> k.name().depth()).reversed()).toList();
    for (NsKey k : extraNs) {
      ignoreMissing(() -> target.deleteNamespace(tenant, k.catalog(), k.name()));
    }
    deleted += extraNs.size();
    for (String k : tc.keySet()) {
      if (!sc.containsKey(k)) {
        ignoreMissing(() -> target.deleteCatalog(tenant, k));
        deleted++;
      }
    }
    for (String k : tw.keySet()) {
      if (!sw.containsKey(k)) {
        ignoreMissing(() -> target.deleteWarehouse(tenant, k));
        deleted++;
      }
    }
    for (String k : tu.keySet()) {
      if (!su.containsKey(k)) {
        ignoreMissing(() -> target.deleteUser(tenant, k));
        deleted++;
      }
    }
    long audit = missingAudit(source, target, true) + missingArchivedAudit(source, target);
    return new Changes(written, deleted, audit);
  }

  /** Merges the two asset streams in search order: restores what differs, collects keys only the target has. */
  private long syncAssets(MetadataStore source, MetadataStore target, List<AssetKey> extra) {
    Pages<Asset> s = Pages.of(p -> source.searchAssets(tenant, AssetQuery.ALL, p));
    Pages<Asset> t = Pages.of(p -> target.searchAssets(tenant, AssetQuery.ALL, p));
    Semaphore slots = new Semaphore(parallelism * 2);
    List<Future<?>> running = new ArrayList<>();
    long[] written = {0};
    List<Asset> batch = new ArrayList<>();
    Asset te = t.nextOrNull();
    for (Asset se = s.nextOrNull(); se != null; se = s.nextOrNull()) {
      while (te != null && SEARCH_ORDER.compare(te.key(), se.key()) < 0) {
        extra.add(te.key());
        te = t.nextOrNull();
      }
      boolean same = te != null && te.key().equals(se.key());
      if (!same || !Canonical.of(te).equals(Canonical.of(se))) {
        batch.add(se);
        if (batch.size() >= batchSize) {
          running.add(submit(target, batch, slots, written));
          batch = new ArrayList<>();
        }
      }
      if (same) {
        te = t.nextOrNull();
      }
    }
    for (; te != null; te = t.nextOrNull()) {
      extra.add(te.key());
    }
    if (!batch.isEmpty()) {
      running.add(submit(target, batch, slots, written));
    }
    await(running);
    return written[0];
  }

  private Future<?> submit(MetadataStore target, List<Asset> assets, Semaphore slots, long[] written) {
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while copying tenant '" + tenant + "'");
    }
    return pool.submit(() -> {
      try {
        restore(target, TenantEntities.ofAssets(assets));
        long total;
        synchronized (written) {
          written[0] += assets.size();
          total = written[0];
        }
        onAssetsWritten.accept(total);
      } finally {
        slots.release();
      }
    });
  }

  private void restore(MetadataStore target, TenantEntities entities) {
    if (entities.size() > 0) {
      target.restore(tenant, entities);
    }
  }

  private void parallel(List<AssetKey> keys, java.util.function.Consumer<AssetKey> action) {
    List<Future<?>> running = new ArrayList<>();
    int chunk = Math.max(1, (keys.size() + parallelism - 1) / parallelism);
    for (int i = 0; i < keys.size(); i += chunk) {
      List<AssetKey> part = keys.subList(i, Math.min(keys.size(), i + chunk));
      running.add(pool.submit(() -> part.forEach(action)));
    }
    await(running);
  }

  private void await(List<Future<?>> running) {
    RuntimeException failure = null;
    for (Future<?> f : running) {
      try {
        f.get();
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException r ? r
              : new UnavailableException("copying tenant '" + tenant + "' failed", e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UnavailableException("interrupted while copying tenant '" + tenant + "'");
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static void ignoreMissing(Runnable delete) {
    try {
      delete.run();
    } catch (NotFoundException e) {
      // deleted already (a re-run)
    }
  }

  /**
   * Makes the target's custom roles and grants those of the source (they carry no version: a role or grant is
   * created where missing and deleted where extra; a grant whose privileges changed is replaced).
   */
  private long syncGrants(MetadataStore source, MetadataStore target) {
    long changes = 0;
    Map<String, io.pangolin.api.Role> sr = byKey(source.listRoles(tenant), io.pangolin.api.Role::name);
    Map<String, io.pangolin.api.Role> tr = byKey(target.listRoles(tenant), io.pangolin.api.Role::name);
    for (io.pangolin.api.Role r : sr.values()) {
      if (!tr.containsKey(r.name())) {
        target.createRole(tenant, r);
        changes++;
      }
    }
    Map<String, io.pangolin.api.Grant> sg = byKey(source.listGrants(tenant), io.pangolin.api.Grant::id);
    Map<String, io.pangolin.api.Grant> tg = byKey(target.listGrants(tenant), io.pangolin.api.Grant::id);
    for (io.pangolin.api.Grant g : tg.values()) {
      if (!g.equals(sg.get(g.id()))) {
        ignoreMissing(() -> target.deleteGrant(tenant, g.id()));
        changes++;
      }
    }
    for (io.pangolin.api.Grant g : sg.values()) {
      if (!g.equals(tg.get(g.id()))) {
        target.createGrant(tenant, g);
        changes++;
      }
    }
    for (io.pangolin.api.Role r : tr.values()) {
      if (!sr.containsKey(r.name())) {
        ignoreMissing(() -> target.deleteRole(tenant, r.name()));
        changes++;
      }
    }
    return changes;
  }

  /**
   * Deletes every warehouse, catalog, namespace, asset and user of the tenant from {@code store} (children first);
   * the tenant's row and its audit events stay. For emptying the shared store after a tenant moved out of it.
   */
  void deleteAll(MetadataStore store) {
    List<AssetKey> assets = new ArrayList<>();
    Pages.of(p -> store.searchAssets(tenant, AssetQuery.ALL, p)).forEachRemaining(a -> assets.add(a.key()));
    parallel(assets, key -> ignoreMissing(() -> store.deleteAsset(tenant, key)));
    List<Catalog> catalogs = Pages.all(p -> store.listCatalogs(tenant, p));
    List<NsKey> ns = namespaces(store, catalogs.stream().map(Catalog::name).toList()).keySet().stream()
        .sorted(Comparator.comparingInt((NsKey k) -> k.name().depth()).reversed()).toList();
    for (NsKey k : ns) {
      ignoreMissing(() -> store.deleteNamespace(tenant, k.catalog(), k.name()));
    }
    for (Catalog c : catalogs) {
      ignoreMissing(() -> store.deleteCatalog(tenant, c.name()));
    }
    for (Warehouse w : Pages.all(p -> store.listWarehouses(tenant, p))) {
      ignoreMissing(() -> store.deleteWarehouse(tenant, w.name()));
    }
    for (User u : Pages.all(p -> store.listUsers(tenant, p))) {
      ignoreMissing(() -> store.deleteUser(tenant, u.name()));
    }
    for (io.pangolin.api.Grant g : store.listGrants(tenant)) {
      ignoreMissing(() -> store.deleteGrant(tenant, g.id()));
    }
    for (io.pangolin.api.Role r : store.listRoles(tenant)) {
      ignoreMissing(() -> store.deleteRole(tenant, r.name()));
    }
  }

  // ---- audit ----------------------------------------------------------------------------------------------------

  /**
   * The source's audit events the target lacks (a merge of both newest-first listings); appended to the target if
   * {@code append}. @return how many were missing
   */
  long missingAudit(MetadataStore source, MetadataStore target, boolean append) {
    return missing(Pages.of(p -> source.queryAudit(tenant, AuditQuery.ALL, p)),
        Pages.of(p -> target.queryAudit(tenant, AuditQuery.ALL, p)), append ? target::appendAudit : null);
  }

  /**
   * Copies the source's archived audit events that the target's archive lacks: appended to the target's log, then
   * archived there up to the newest of them (archival moves every older event, so the logs agree again). A store
   * without an audit archive has nothing to copy. @return how many were missing
   */
  long missingArchivedAudit(MetadataStore source, MetadataStore target) {
    List<AuditEvent> copied = new ArrayList<>();
    try {
      missing(Pages.of(p -> source.queryArchivedAudit(tenant, AuditQuery.ALL, p)),
          Pages.of(p -> target.queryArchivedAudit(tenant, AuditQuery.ALL, p)), e -> {
            target.appendAudit(e);
            copied.add(e);
          });
    } catch (UnsupportedOperationException e) {
      return 0;
    }
    if (!copied.isEmpty()) {
      Instant newest = copied.stream().map(AuditEvent::timestamp).max(Instant::compareTo).orElseThrow();
      target.archiveAudit(tenant, newest.plusNanos(1_000));
    }
    return copied.size();
  }

  /** The events of {@code s} missing from {@code t} (both newest first), each given to {@code append} if not null. */
  private static long missing(Pages<AuditEvent> s, Pages<AuditEvent> t, Consumer<AuditEvent> append) {
    long missing = 0;
    AuditEvent te = t.nextOrNull();
    for (AuditEvent se = s.nextOrNull(); se != null; se = s.nextOrNull()) {
      while (te != null && AUDIT_ORDER.compare(te, se) < 0) {
        te = t.nextOrNull();
      }
      if (te != null && te.timestamp().equals(se.timestamp()) && te.id().equals(se.id())) {
        te = t.nextOrNull();
        continue;
      }
      missing++;
      if (append != null) {
        append.accept(se);
      }
    }
    return missing;
  }

  // ---- digest ---------------------------------------------------------------------------------------------------

  Digest digest(MetadataStore store) {
    MessageDigest sha = sha256();
    long[] n = new long[6];
    List<Warehouse> w = Pages.all(p -> store.listWarehouses(tenant, p));
    w.forEach(x -> line(sha, Canonical.of(x)));
    n[0] = w.size();
    List<Catalog> c = Pages.all(p -> store.listCatalogs(tenant, p));
    c.forEach(x -> line(sha, Canonical.of(x)));
    n[1] = c.size();
    Map<NsKey, Namespace> ns = namespaces(store, c.stream().map(Catalog::name).toList());
    ns.values().forEach(x -> line(sha, Canonical.of(x)));
    n[2] = ns.size();
    Pages.of(p -> store.searchAssets(tenant, AssetQuery.ALL, p)).forEachRemaining(a -> {
      line(sha, Canonical.of(a));
      n[3]++;
    });
    List<User> u = Pages.all(p -> store.listUsers(tenant, p));
    u.forEach(x -> line(sha, Canonical.of(x)));
    n[4] = u.size();
    n[5] = store.countAudit(tenant, AuditQuery.ALL);
    return new Digest(n[0], n[1], n[2], n[3], n[4], n[5], HexFormat.of().formatHex(sha.digest()));
  }

  /** Source and target hold the same entities, and the target every audit event of the source. */
  void verify(MetadataStore source, MetadataStore target, Digest sourceDigest) {
    Digest targetDigest = digest(target);
    if (!sourceDigest.sameEntities(targetDigest)) {
      throw new ConflictException("copy of tenant '" + tenant + "' differs from its source: source "
          + sourceDigest.summary() + "; target " + targetDigest.summary());
    }
    long missing = missingAudit(source, target, false);
    if (missing > 0) {
      throw new ConflictException("copy of tenant '" + tenant + "' lacks " + missing + " audit events");
    }
  }

  // ---- helpers --------------------------------------------------------------------------------------------------

  /** Every namespace of the given catalogs, walked level by level, in (catalog, name) order. */
  private Map<NsKey, Namespace> namespaces(MetadataStore store, Iterable<String> catalogs) {
    TreeMap<NsKey, Namespace> out = new TreeMap<>();
    for (String catalog : catalogs) {
      Deque<NamespaceName> parents = new ArrayDeque<>();
      parents.push(NamespaceName.ROOT);
      while (!parents.isEmpty()) {
        NamespaceName parent = parents.pop();
        for (Namespace ns : Pages.all(p -> store.listNamespaces(tenant, catalog, parent, p))) {
          out.put(new NsKey(catalog, ns.name()), ns);
          parents.push(ns.name());
        }
      }
    }
    return out;
  }

  private static <K, V> Map<K, V> byKey(List<V> items, Function<V, K> key) {
    Map<K, V> m = new LinkedHashMap<>();
    items.forEach(v -> m.put(key.apply(v), v));
    return m;
  }

  private static <K, V> List<V> changed(Map<K, V> source, Map<K, V> target, Function<V, String> canonical) {
    List<V> out = new ArrayList<>();
    source.forEach((k, v) -> {
      V t = target.get(k);
      if (t == null || !canonical.apply(t).equals(canonical.apply(v))) {
        out.add(v);
      }
    });
    return out;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void line(MessageDigest sha, String line) {
    sha.update(line.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) '\n');
  }
}
