package io.pangolin.spi;

/**
 * What a tenant's own place is when a tenancy strategy gives it one ({@link StoreProvider#provision}): a schema in
 * the database the configuration points at (PostgreSQL; a database on the same server for MongoDB), or a whole
 * database (optionally on another server).
 */
public enum PlaceScope {
  /** A schema of its own in a shared database (MongoDB: a database of its own on the shared server). */
  SCHEMA,
  /** A database of its own. */
  DATABASE
}
