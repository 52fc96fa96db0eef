package io.pangolin.tenancy;

import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.ConflictException;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.Tenant;
import io.pangolin.api.TenantPlacement;
import io.pangolin.spi.MetadataStore;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Moves a tenant from one tier to another — e.g. shared to dedicated when it grows — while every other tenant, and
 * the tenant itself except for a short switch, keeps working.
 *
 * <ol>
 *   <li><b>Mark</b>: the registry record gets the move (target tier and place, state {@code copying}) by
 *       compare-and-swap; reads and writes go on against the source.
 *   <li><b>Provision</b> the target place (schema or database, migrated) with the tenant's anchor row.
 *   <li><b>Copy</b> every warehouse, catalog, namespace, asset and user with {@link MetadataStore#restore} (versions,
 *       timestamps and ids kept), and the audit events, while writes continue against the source.
 *   <li><b>Switch</b>: state {@code switching} (compare-and-swap). From here the tenant's writes wait: on this
 *       instance at once (its gate closes once running writes have finished), on others as soon as they re-read the
 *       placement — within {@code placement-ttl-ms}, so the mover waits {@code placement-ttl-ms + write-grace-ms}
 *       for them. Then it copies what changed since the copy (a second, now final comparison), compares source and
 *       target — counts and SHA-256 of every entity, and every audit event — and on equality switches the placement
 *       to the target by compare-and-swap, recording the source for clean-up. The waiting writes then go to the
 *       target. Writes pause for {@code ttl + grace} plus one comparison of the tenant; reads never pause.
 *   <li><b>Clean up</b>: once every instance routes reads to the target ({@code placement-ttl-ms + write-grace-ms}
 *       after the switch), unless the source changed after the switch (a late write of an instance that did not honour
 *       the protocol — then it is left for an operator and the move reports a conflict), the source is emptied: a
 *       schema or database is dropped, the tenant's rows leave the shared store (its audit events there stay).
 * </ol>
 *
 * <p><b>Re-runnable</b>: every step is idempotent and the registry record says how far a move got, so running the same
 * move again after an interruption — a crash, a kill, a failed comparison — continues from there. Until then a move
 * killed while switching keeps the tenant's writes waiting (they fail after {@code switch-timeout-ms} and succeed
 * again once the move is re-run or {@linkplain #abort aborted}). One move per tenant at a time; a second mover of the
 * same tenant fails with {@link ConflictException} at its next registry step.
 */
public final class TenantMover {
  private static final System.Logger LOG = System.getLogger(TenantMover.class.getName());

  /** The steps of a move; a move interrupted after any of them continues from there when run again. */
  public enum Phase {
    MARKED, PROVISIONED, COPIED, SWITCHING, SYNCED, VERIFIED, SWITCHED, CLEANED
  }

  /**
   * What a move did.
   *
   * @param copied entities written to the target before the switch
   * @param changedAtSwitch entities (and audit events) the final comparison still had to copy or delete
   * @param digest counts and checksum of the tenant's entities at the switch
   * @param writesPaused how long the tenant's writes waited on this instance
   */
  public record Result(String tenant, Tier from, Tier to, String target, long copied, long changedAtSwitch,
      String digest, Duration writesPaused, Duration took) {}

  private final TenantLifecycle lifecycle;
  private final WriteGates gates;
  private final TenancyConfig config;
  /** Set by {@link #start()}, before the mover is handed out. */
  private volatile ExecutorService pool;
  private final ConcurrentHashMap<String, Object> running = new ConcurrentHashMap<>();
  volatile Consumer<Phase> phaseListener = p -> { };
  volatile LongConsumer progressListener = n -> { };

  TenantMover(TenantLifecycle lifecycle, WriteGates gates, TenancyConfig config) {
    this.lifecycle = lifecycle;
    this.gates = gates;
    this.config = config;
  }

  /** Creates the copy threads' pool. Called once, by the owner, before the first move. */
  TenantMover start() {
    this.pool = Executors.newFixedThreadPool(config.moveThreads(),
        Thread.ofPlatform().name("pangolin-tenant-mover-", 1).daemon().factory());
    return this;
  }

  /** Moves {@code tenant} to {@code to} on the shared server (a dedicated database on the shared store's server). */
  public Result move(String tenant, Tier to) {
    return move(tenant, to, Optional.empty());
  }

  /**
   * Moves {@code tenant} to {@code to}; a dedicated database goes to the named {@code server} if given. Runs (or
   * continues) the whole protocol; returns at once if the tenant is already there.
   *
   * @throws NotFoundException the tenant does not exist
   * @throws ConflictException another move of the tenant is under way (to another tier), the registry record changed
   *     under this move, or the copy did not match its source (the move can then simply be run again)
   * @throws io.pangolin.api.ValidationException the store cannot restore entities, or an unknown server
   */
  public Result move(String tenant, Tier to, Optional<String> server) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(server, "server");
    if (!lifecycle.control().supportsRestore()) {
      throw new io.pangolin.api.ValidationException("moving tenants needs a store that supports restore "
          + "(postgres, mongo)");
    }
    server.ifPresent(lifecycle.configs()::requireServer);
    Object me = new Object();
    if (running.putIfAbsent(tenant, me) != null) {
      throw new ConflictException("tenant '" + tenant + "' is being moved by this instance already");
    }
    try {
      return run(tenant, to, server);
    } finally {
      running.remove(tenant, me);
    }
  }

  private Result run(String tenant, Tier to, Optional<String> server) {
    long start = System.nanoTime();
    Tenant row = lifecycle.control().getTenant(tenant).orElseThrow(() ->
        new NotFoundException("tenant '" + tenant + "' does not exist"));
    PlacementRegistry registry = lifecycle.registry();
    Placement p = registry.read(tenant).orElseGet(() -> claimLegacy(tenant, row));
    if (p.move().isEmpty() && p.cleanup().isPresent()) {
      p = cleanUp(p);
    }
    if (p.move().isEmpty()) {
      if (p.tier() == to) {
        return new Result(tenant, to, to, p.place().target(), 0, 0, "", Duration.ZERO, since(start));
      }
      Place target = to == Tier.SHARED ? Place.SHARED : new Place(to,
          server.map(s -> s + "/").orElse("") + PlaceNames.of(config.placePrefix(), tenant));
      p = registry.update(p.withMove(Optional.of(new Placement.Move(target, Placement.MoveState.COPYING,
          UUID.randomUUID().toString(), lifecycle.clock().instant()))), p);
      LOG.log(Level.INFO, "moving tenant '" + tenant + "' from " + p.place() + " to " + target);
      phase(Phase.MARKED);
    } else if (p.move().get().to().tier() != to) {
      throw new ConflictException("tenant '" + tenant + "' is being moved to the " + p.move().get().to().tier().key()
          + " tier; finish that move (run it again) or abort it first");
    }
    Placement.Move m = p.move().orElseThrow();
    Place source = p.place();
    Place target = m.to();
    Tier from = source.tier();
    if (!target.shared()) {
      lifecycle.places().provision(target);
      lifecycle.places().with(target, s -> TenantLifecycle.ensureAnchor(s, row));
    }
    phase(Phase.PROVISIONED);

    TenantSync sync = new TenantSync(tenant, config.moveBatchSize(), pool, config.moveThreads(),
        n -> progressListener.accept(n));
    long copied = 0;
    if (m.state() == Placement.MoveState.COPYING) {
      copied = both(source, target, (s, t) -> sync.sync(s, t).written());
      phase(Phase.COPIED);
      p = registry.update(p.withMove(Optional.of(new Placement.Move(target, Placement.MoveState.SWITCHING, m.id(),
          lifecycle.clock().instant()))), p);
    }
    phase(Phase.SWITCHING);

    long paused = System.nanoTime();
    gates.close(tenant);
    boolean switched = false;
    TenantSync.Digest digest;
    TenantSync.Changes last;
    try {
      WriteGates.sleep(config.placementTtl().plus(config.writeGrace()).toMillis());
      last = both(source, target, sync::sync);
      phase(Phase.SYNCED);
      digest = lifecycle.places().with(source, sync::digest);
      TenantSync.Digest d = digest;
      both(source, target, (s, t) -> {
        sync.verify(s, t, d);
        return null;
      });
      phase(Phase.VERIFIED);
      // at the shared store the count is of creates in flight (none while the switch holds writes)
      long counted = p.move().orElseThrow().to().shared() ? 0 : digest.catalogs();
      p = registry.update(p.switched(counted, digestKey(digest)), p);
      switched = true;
      phase(Phase.SWITCHED);
    } catch (RuntimeException e) {
      if (!switched) {
        reopen(tenant, e);
      }
      throw e;
    } finally {
      gates.open(tenant);
      registry.forget(tenant);
    }
    Duration writesPaused = Duration.ofNanos(System.nanoTime() - paused);
    // other instances route reads by a placement read at most placement-ttl ago: empty the source only when none
    // reads it any more (and a cache over the router, invalidated when the move returns, cannot pick it up again)
    WriteGates.sleep(config.placementTtl().plus(config.writeGrace()).toMillis());
    cleanUp(p);
    phase(Phase.CLEANED);
    LOG.log(Level.INFO, "moved tenant '" + tenant + "' from " + from.key() + " to " + target + " (move " + m.id()
        + "): " + digest.summary() + "; writes paused " + writesPaused.toMillis() + " ms");
    return new Result(tenant, from, to, target.target(), copied, last.written() + last.deleted()
        + last.auditAppended(), digest.summary(), writesPaused, since(start));
  }

  /** Gives a tenant without a registry record (created before tenancy was configured) one: it lives in the shared store. */
  private Placement claimLegacy(String tenant, Tenant row) {
    try {
      return lifecycle.registry().create(Placement.of(tenant, Place.SHARED, row.createdAt()));
    } catch (AlreadyExistsException e) {
      return lifecycle.registry().read(tenant).orElseThrow(() -> e);
    }
  }

  /** After a failed switch: back to copying, so writes go on; the next run copies and compares again. */
  private void reopen(String tenant, RuntimeException cause) {
    try {
      lifecycle.registry().read(tenant).filter(Placement::switching).ifPresent(cur -> lifecycle.registry().update(
          cur.withMove(cur.move().map(mv -> new Placement.Move(mv.to(), Placement.MoveState.COPYING, mv.id(),
              lifecycle.clock().instant()))), cur));
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * Empties the place a finished move left behind, unless it changed after the switch. @return the placement
   * without the clean-up
   */
  Placement cleanUp(Placement p) {
    Placement.Cleanup c = p.cleanup().orElseThrow();
    Place old = c.from();
    if (!old.equals(p.place())) {
      TenantSync sync = new TenantSync(p.tenant(), config.moveBatchSize(), pool, config.moveThreads(), n -> { });
      String now = digestKey(lifecycle.places().with(old, sync::digest));
      if (!now.equals(c.digest())) {
        throw new ConflictException("the " + old + " place of tenant '" + p.tenant() + "' changed after the tenant "
            + "moved (a late write?); it is kept for an operator to compare with the tenant's data and to clean up");
      }
      if (old.shared()) {
        lifecycle.places().with(old, s -> {
          sync.deleteAll(s);
          return null;
        });
      } else {
        lifecycle.places().drop(old);
      }
    }
    return lifecycle.registry().update(p.withCleanup(Optional.empty()), p);
  }

  /** Finishes a pending clean-up of a finished move, if any. */
  public TenantPlacement cleanUp(String tenant) {
    Placement p = lifecycle.registry().read(tenant).orElseThrow(() ->
        new NotFoundException("tenant '" + tenant + "' has no placement"));
    if (p.cleanup().isPresent() && p.move().isEmpty()) {
      p = cleanUp(p);
    }
    return p.toSpi();
  }

  /**
   * Gives up a move that has not switched: the tenant stays where it is (writes resume at once) and what was copied
   * to the target is removed. @return the placement after the abort
   */
  public TenantPlacement abort(String tenant) {
    Placement p = lifecycle.registry().read(tenant).orElseThrow(() ->
        new NotFoundException("tenant '" + tenant + "' has no placement"));
    if (p.move().isEmpty()) {
      return p.toSpi();
    }
    Place target = p.move().get().to();
    p = lifecycle.registry().update(p.withMove(Optional.empty()), p);
    lifecycle.registry().forget(tenant);
    if (target.shared()) {
      TenantSync sync = new TenantSync(tenant, config.moveBatchSize(), pool, config.moveThreads(), n -> { });
      lifecycle.places().with(target, s -> {
        sync.deleteAll(s);
        return null;
      });
    } else if (!target.equals(p.place())) {
      lifecycle.places().drop(target);
    }
    LOG.log(Level.INFO, "aborted the move of tenant '" + tenant + "' to " + target);
    return p.toSpi();
  }

  private <T> T both(Place source, Place target, BiFunction<MetadataStore, MetadataStore, T> call) {
    return lifecycle.places().with(source, s -> lifecycle.places().with(target, t -> call.apply(s, t)));
  }

  private static String digestKey(TenantSync.Digest d) {
    return d.sha256() + "/" + d.warehouses() + "/" + d.catalogs() + "/" + d.namespaces() + "/" + d.assets() + "/"
        + d.users() + "/" + d.auditEvents();
  }

  private void phase(Phase phase) {
    phaseListener.accept(phase);
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
