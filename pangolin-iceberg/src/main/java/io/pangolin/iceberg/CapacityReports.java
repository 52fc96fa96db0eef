package io.pangolin.iceberg;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.pangolin.api.Asset;
import io.pangolin.api.GrantScope;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.Privilege;
import io.pangolin.api.RequestContext;
import io.pangolin.api.User;
import io.pangolin.api.ValidationException;
import io.pangolin.core.Names;
import io.pangolin.core.Session;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.TableMetadata;

/**
 * Capacity planning over what the catalogs hold: the summary of one catalog (cached for a TTL), a tenant's usage,
 * its growth in tables per day and a linear forecast. Sizes come from the current snapshot summary of each Iceberg
 * table ({@code total-data-files}, {@code total-files-size}), read through the cache of parsed metadata files; a table
 * whose metadata cannot be read counts as a table of unknown (zero) size. Days are UTC. Thread-safe; one per process.
 */
public final class CapacityReports {
  private static final System.Logger LOG = System.getLogger(CapacityReports.class.getName());
  /** The forecast's method, stated in every forecast. */
  public static final String METHOD = "least-squares linear fit of cumulative tables/bytes/users per day over the "
      + "observed window (from the day the first table or user was created to today, UTC; a table's current size "
      + "counted from its creation day), evaluated at the last day of each month; never below today's value";
  /** Upper bounds of the report windows. */
  public static final int MAX_DAYS = 3_660;
  public static final int MAX_MONTHS = 120;

  private final IcebergCatalogs catalogs;
  private final Clock clock;
  private final Cache<String, CatalogSummary> summaries;

  /** @param summaryTtl how long a catalog summary is reused (zero: computed on every call) */
  public CapacityReports(IcebergCatalogs catalogs, Duration summaryTtl, Clock clock) {
    this.catalogs = Objects.requireNonNull(catalogs, "catalogs");
    this.clock = Objects.requireNonNull(clock, "clock");
    // the cache's time is the reports' clock, so the TTL and computedAt agree
    this.summaries = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(summaryTtl)
        .ticker(() -> clock.millis() * 1_000_000L).build();
  }

  /** What one catalog holds; {@code computedAt} tells how old a cached answer is. */
  public record CatalogSummary(String catalog, long namespaces, long tables, long views, long otherAssets,
      long totalDataFiles, long totalDataBytes, Instant computedAt) {}

  /** What one tenant holds. */
  public record TenantTotals(String tenant, long catalogs, long namespaces, long tables, long views, long users,
      long dataFiles, long dataBytes) {}

  /** New tables per day over the last {@code days} days (today included) and the tables existing at each day's end. */
  public record Growth(int days, List<GrowthDay> series) {}

  public record GrowthDay(LocalDate date, long newTables, long cumulativeTables) {}

  public record Forecast(int months, String method, List<ForecastPoint> points) {}

  public record ForecastPoint(YearMonth month, long tables, long dataBytes, long users) {}

  /**
   * The summary of {@code catalog}, computed at most once per TTL per tenant and catalog (the caller's permission
   * is checked on every call).
   *
   * @throws NotFoundException no such catalog (or the caller may not see it)
   */
  public CatalogSummary summary(Session session, String catalog) {
    session.require(Privilege.READ, GrantScope.catalog(catalog));
    PangolinCatalog c = catalogs.open(session, catalog);
    String key = session.context().tenant() + "\u0000" + catalog;
    return summaries.get(key, k -> {
      Inventory inv = new Inventory();
      inv.walk(session, c);
      return new CatalogSummary(catalog, inv.namespaces, inv.tables.size(), inv.views, inv.other, inv.dataFiles(),
          inv.dataBytes(), clock.instant());
    });
  }

  /** The totals of the session's tenant (read on the whole tenant is required). */
  public TenantTotals usage(Session session) {
    Inventory inv = inventory(session);
    return new TenantTotals(session.context().tenant(), inv.catalogs, inv.namespaces, inv.tables.size(), inv.views,
        inv.users.size(), inv.dataFiles(), inv.dataBytes());
  }

  /** New tables of the session's tenant per day, for the last {@code days} days. */
  public Growth growth(Session session, int days) {
    if (days < 1 || days > MAX_DAYS) {
      throw new ValidationException("days must be between 1 and " + MAX_DAYS);
    }
    Inventory inv = inventory(session);
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    LocalDate first = today.minusDays(days - 1L);
    TreeMap<LocalDate, Long> perDay = new TreeMap<>();
    long before = 0;
    for (TableStat t : inv.tables) {
      LocalDate d = day(t.createdAt());
      if (d.isBefore(first)) {
        before++;
      } else if (!d.isAfter(today)) {
        perDay.merge(d, 1L, Long::sum);
      }
    }
    List<GrowthDay> series = new ArrayList<>();
    long cumulative = before;
    for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
      long n = perDay.getOrDefault(d, 0L);
      cumulative += n;
      series.add(new GrowthDay(d, n, cumulative));
    }
    return new Growth(days, series);
  }

  /** Tables, data bytes and users of the session's tenant projected for each of the next {@code months} months. */
  public Forecast forecast(Session session, int months) {
    if (months < 1 || months > MAX_MONTHS) {
      throw new ValidationException("months must be between 1 and " + MAX_MONTHS);
    }
    Inventory inv = inventory(session);
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    LocalDate start = today;
    for (TableStat t : inv.tables) {
      start = min(start, day(t.createdAt()));
    }
    for (Instant u : inv.users) {
      start = min(start, day(u));
    }
    // increments per day: tables, bytes, users
    TreeMap<LocalDate, long[]> increments = new TreeMap<>();
    for (TableStat t : inv.tables) {
      long[] i = increments.computeIfAbsent(day(t.createdAt()), k -> new long[3]);
      i[0]++;
      i[1] += t.dataBytes();
    }
    for (Instant u : inv.users) {
      increments.computeIfAbsent(day(u), k -> new long[3])[2]++;
    }
    SimpleRegression tables = new SimpleRegression();
    SimpleRegression bytes = new SimpleRegression();
    SimpleRegression users = new SimpleRegression();
    long span = ChronoUnit.DAYS.between(start, today);
    long[] cumulative = new long[3];
    for (long x = 0; x <= span; x++) {
      long[] i = increments.get(start.plusDays(x));
      if (i != null) {
        for (int k = 0; k < 3; k++) {
          cumulative[k] += i[k];
        }
      }
      tables.addData(x, cumulative[0]);
      bytes.addData(x, cumulative[1]);
      users.addData(x, cumulative[2]);
    }
    long nowTables = inv.tables.size();
    long nowBytes = inv.dataBytes();
    long nowUsers = inv.users.size();
    List<ForecastPoint> points = new ArrayList<>();
    for (int m = 1; m <= months; m++) {
      YearMonth month = YearMonth.from(today).plusMonths(m);
      double x = ChronoUnit.DAYS.between(start, month.atEndOfMonth());
      points.add(new ForecastPoint(month, project(tables, x, nowTables), project(bytes, x, nowBytes),
          project(users, x, nowUsers)));
    }
    return new Forecast(months, METHOD, points);
  }

  /** The fit at {@code x}; with fewer than two days observed (no slope), today's value. */
  private static long project(SimpleRegression fit, double x, long now) {
    if (fit.getN() < 2) {
      return now;
    }
    double y = fit.getIntercept() + fit.getSlope() * x;
    return Math.max(now, Math.round(y));
  }

  private static LocalDate min(LocalDate a, LocalDate b) {
    return a.isBefore(b) ? a : b;
  }

  private static LocalDate day(Instant i) {
    return LocalDate.ofInstant(i, ZoneOffset.UTC);
  }

  /** Everything of the session's tenant, after checking the caller may read the whole tenant. */
  private Inventory inventory(Session session) {
    session.require(Privilege.READ, GrantScope.tenant());
    RequestContext ctx = session.context();
    Inventory inv = new Inventory();
    forEach(p -> session.catalogs().list(ctx, p), cat -> {
      inv.catalogs++;
      PangolinCatalog c;
      try {
        c = catalogs.open(session, cat.name());
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "catalog without a usable warehouse; sizes unknown", e);
        c = null;
      }
      inv.walk(session, cat.name(), c);
    });
    forEach(p -> session.users().list(ctx, p), (User u) -> inv.users.add(u.createdAt()));
    return inv;
  }

  private record TableStat(Instant createdAt, long dataFiles, long dataBytes) {}

  /** Counts of one walk. */
  private static final class Inventory {
    long catalogs;
    long namespaces;
    long views;
    long other;
    final List<TableStat> tables = new ArrayList<>();
    final List<Instant> users = new ArrayList<>();

    void walk(Session session, PangolinCatalog c) {
      walk(session, c.name(), c);
    }

    /** @param c the Iceberg view of the catalog for reading sizes; null if its warehouse has no FileIO */
    void walk(Session session, String catalog, PangolinCatalog c) {
      RequestContext ctx = session.context();
      List<NamespaceName> pending = new ArrayList<>();
      pending.add(NamespaceName.ROOT);
      while (!pending.isEmpty()) {
        NamespaceName parent = pending.removeLast();
        forEach(p -> session.namespaces().list(ctx, catalog, parent, p), n -> {
          namespaces++;
          pending.add(n.name());
          forEach(p -> session.assets().list(ctx, catalog, n.name(), Optional.empty(), p), a -> add(c, a));
        });
      }
    }

    private void add(PangolinCatalog c, Asset a) {
      switch (a.kind()) {
        case ICEBERG_TABLE -> tables.add(stat(c, a));
        case ICEBERG_VIEW -> views++;
        default -> other++;
      }
    }

    private static TableStat stat(PangolinCatalog c, Asset a) {
      if (c == null || a.metadataLocation().isEmpty()) {
        return new TableStat(a.createdAt(), 0, 0);
      }
      try {
        TableMetadata m = c.metadataCache().table(c.warehouse(), c.io(), a.metadataLocation().get()).metadata();
        Snapshot s = m.currentSnapshot();
        if (s == null || s.summary() == null) {
          return new TableStat(a.createdAt(), 0, 0);
        }
        return new TableStat(a.createdAt(), number(s.summary(), SnapshotSummary.TOTAL_DATA_FILES_PROP),
            number(s.summary(), SnapshotSummary.TOTAL_FILE_SIZE_PROP));
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "size of table '" + Names.shorten(a.name())
            + "' unknown: its metadata could not be read");
        return new TableStat(a.createdAt(), 0, 0);
      }
    }

    private static long number(Map<String, String> summary, String key) {
      try {
        return Math.max(0, Long.parseLong(summary.getOrDefault(key, "0").trim()));
      } catch (NumberFormatException e) {
        return 0;
      }
    }

    long dataFiles() {
      return tables.stream().mapToLong(TableStat::dataFiles).sum();
    }

    long dataBytes() {
      return tables.stream().mapToLong(TableStat::dataBytes).sum();
    }
  }

  private static <T> void forEach(Function<PageRequest, Page<T>> listing, Consumer<T> action) {
    Optional<String> token = Optional.empty();
    do {
      Page<T> page = listing.apply(new PageRequest(token, PageRequest.MAX_SIZE));
      page.items().forEach(action);
      token = page.nextToken();
    } while (token.isPresent());
  }
}
