-- Pangolin PostgreSQL store, schema version 6: deployment-wide leases.
-- One row per lease name; a server holds a lease until expires_at (the database clock) and renews it before then.
-- Taking a lease is one INSERT ... ON CONFLICT DO UPDATE guarded by "expired or already mine", so of concurrent
-- takers exactly one wins. Only the control-plane schema of a deployment is used.

CREATE TABLE ${schema}.leases (
  name        text COLLATE "C" NOT NULL,
  holder      text NOT NULL,
  expires_at  timestamptz NOT NULL,
  CONSTRAINT leases_pk PRIMARY KEY (name)
);
