-- Pangolin PostgreSQL store, schema version 2: the deployment-wide registry of storage roots.
-- One row per warehouse storage root, unique by root across every tenant: the primary key makes two concurrent
-- claims of one root end with exactly one winner. Roots are canonical (the engine normalises them), so "inside"
-- is a prefix at a '/' boundary; overlaps are found with starts_with on the primary key.
-- Only the control-plane schema of a deployment is used; tenant schemas (hybrid tier) carry an empty table.
-- No foreign key to tenants: under the hybrid and dedicated tiers the tenant's warehouses live elsewhere.

CREATE TABLE ${schema}.storage_roots (
  root        text COLLATE "C" NOT NULL,
  tenant      text COLLATE "C" NOT NULL,
  warehouse   text COLLATE "C" NOT NULL,
  CONSTRAINT storage_roots_pk PRIMARY KEY (root)
);

-- Warehouses created before this version claim their roots as stored (already without trailing slashes); a root
-- two warehouses shared keeps its first claimant, by tenant and name.
INSERT INTO ${schema}.storage_roots (root, tenant, warehouse)
SELECT DISTINCT ON (storage_root) storage_root, tenant, name FROM ${schema}.warehouses
ORDER BY storage_root, tenant, name
ON CONFLICT (root) DO NOTHING;
