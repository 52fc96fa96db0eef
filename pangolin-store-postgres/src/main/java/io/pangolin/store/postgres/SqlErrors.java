package io.pangolin.store.postgres;

import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.ConflictException;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.PangolinException;
import io.pangolin.api.UnavailableException;
import io.pangolin.api.ValidationException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.ConnectionException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Translates driver failures into Pangolin's typed exceptions; nothing from {@code java.sql}, Jdbi or the driver
 * leaves the store. Which exception a constraint violation becomes depends on what the statement was doing
 * ({@link Op}): a missing parent on a create is {@link NotFoundException}, the same foreign key on a delete is a
 * refused delete ({@link ConflictException}).
 */
final class SqlErrors {
  private SqlErrors() {}

  static final String UNIQUE_VIOLATION = "23505";
  static final String FOREIGN_KEY_VIOLATION = "23503";
  static final String SERIALIZATION_FAILURE = "40001";
  static final String DEADLOCK_DETECTED = "40P01";
  /** Raised by the {@code count_assets} trigger (migration V7) when an asset would pass its quota. */
  static final String ASSET_QUOTA_REACHED = "PQ001";

  /** What the failing statement did, for the choice of exception and its message. */
  record Op(Kind kind, String what) {
    enum Kind { CREATE, UPDATE, DELETE, READ, MAINTENANCE }

    static Op create(String what) {
      return new Op(Kind.CREATE, what);
    }

    static Op update(String what) {
      return new Op(Kind.UPDATE, what);
    }

    static Op delete(String what) {
      return new Op(Kind.DELETE, what);
    }

    static Op read(String what) {
      return new Op(Kind.READ, what);
    }
  }

  /** Foreign keys of the schema: the parent they require and the children they protect. */
  private record Relation(String parent, String children) {}

  private static final Map<String, Relation> FOREIGN_KEYS = Map.of(
      "warehouses_tenant_fk", new Relation("tenant", "warehouses"),
      "catalogs_tenant_fk", new Relation("tenant", "catalogs"),
      "catalogs_warehouse_fk", new Relation("warehouse", "catalogs using it"),
      "namespaces_catalog_fk", new Relation("catalog", "namespaces"),
      "namespaces_parent_fk", new Relation("parent namespace", "child namespaces"),
      "assets_namespace_fk", new Relation("namespace", "assets"),
      "users_tenant_fk", new Relation("tenant", "users"),
      "principals_tenant_fk", new Relation("tenant", "principals"));

  static Optional<SQLException> sqlException(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException s) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  static String sqlState(Throwable t) {
    return sqlException(t).map(SQLException::getSQLState).orElse("");
  }

  /** Serialization failures and deadlocks: the transaction was rolled back and may simply run again. */
  static boolean isRetryable(Throwable t) {
    String state = sqlState(t);
    return state.equals(SERIALIZATION_FAILURE) || state.equals(DEADLOCK_DETECTED);
  }

  /** The database could not be reached or the connection broke (the outcome of a write is then unknown). */
  static boolean isConnectionFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ConnectionException || c instanceof SQLTransientConnectionException) {
        return true;
      }
    }
    String state = sqlState(t);
    return state.startsWith("08") // connection exception
        || state.equals("57P01") // admin shutdown
        || state.equals("57P02") // crash shutdown
        || state.equals("57P03") // cannot connect now
        || state.equals("53300"); // too many connections
  }

  /**
   * The counts before the refused asset when the {@code asset_counts} trigger refused an insert or move for its quota
   * (SQLSTATE {@value #ASSET_QUOTA_REACHED}): {@code [in catalog, in namespace]}; empty for any other error.
   */
  static Optional<long[]> assetQuotaCounts(Throwable t) {
    if (!sqlState(t).equals(ASSET_QUOTA_REACHED)) {
      return Optional.empty();
    }
    return sqlException(t)
        .filter(PSQLException.class::isInstance)
        .map(s -> ((PSQLException) s).getServerErrorMessage())
        .map(ServerErrorMessage::getDetail)
        .map(d -> d.split(" "))
        .filter(parts -> parts.length == 2)
        .map(parts -> new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])});
  }

  static PangolinException translate(Throwable t, Op op) {
    if (t instanceof PangolinException p) {
      return p;
    }
    String state = sqlState(t);
    if (isConnectionFailure(t)) {
      return new UnavailableException("database unavailable while trying to " + describe(op)
          + (op.kind() == Op.Kind.READ ? "" : "; the outcome is unknown"), t);
    }
    switch (state) {
      case UNIQUE_VIOLATION -> {
        return new AlreadyExistsException(op.what() + " already exists", t);
      }
      case FOREIGN_KEY_VIOLATION -> {
        Relation r = constraint(t).map(FOREIGN_KEYS::get).orElse(new Relation("parent", "dependent entities"));
        return op.kind() == Op.Kind.DELETE
            ? new ConflictException(op.what() + " still has " + r.children(), t)
            : new NotFoundException(op.what() + ": the " + r.parent() + " does not exist", t);
      }
      case SERIALIZATION_FAILURE, DEADLOCK_DETECTED -> {
        return new ConflictException(op.what() + " was changed concurrently; retry", t);
      }
      default -> { }
    }
    if (state.startsWith("22") || state.equals("23514") || state.equals("23502")) {
      // data exception (NUL characters, out-of-range values …), check or not-null violation
      return new ValidationException("invalid value for " + op.what(), t);
    }
    if (state.equals("57014") || state.equals("55P03") || state.startsWith("53")) {
      return new UnavailableException("database busy while trying to " + describe(op) + "; retry", t);
    }
    if (state.equals("42P01") || state.equals("3F000")) {
      return new UnavailableException("the store's schema is missing; was it migrated?", t);
    }
    return new UnavailableException("database error while trying to " + describe(op) + " (SQLSTATE " + state + ")",
        t);
  }

  private static String describe(Op op) {
    return op.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + op.what();
  }

  private static Optional<String> constraint(Throwable t) {
    return sqlException(t)
        .filter(PSQLException.class::isInstance)
        .map(s -> ((PSQLException) s).getServerErrorMessage())
        .map(ServerErrorMessage::getConstraint);
  }
}
