-- Pangolin PostgreSQL store, schema version 6: placements in a table of their own.
-- One row per tenant of a placement tenancy strategy: where its data lives (tier, target), the catalog count the
-- strategy keeps, a move under way and a place left to clean up after a move. Updates are compare-and-swaps on
-- version. No foreign key to tenants: a placement is claimed before its tenant's row is created. Only the
-- control-plane schema of a deployment uses the table; tenant schemas get it too and leave it empty.

CREATE TABLE ${schema}.placements (
  tenant          text COLLATE "C" NOT NULL,
  tier            text COLLATE "C" NOT NULL,
  target          text COLLATE "C" NOT NULL,
  catalogs        bigint           NOT NULL,
  move_tier       text COLLATE "C",
  move_target     text COLLATE "C",
  move_state      text COLLATE "C",
  move_id         text COLLATE "C",
  move_since      timestamptz,
  cleanup_tier    text COLLATE "C",
  cleanup_target  text COLLATE "C",
  cleanup_digest  text,
  created_at      timestamptz      NOT NULL,
  updated_at      timestamptz      NOT NULL,
  version         bigint           NOT NULL,
  CONSTRAINT placements_pk PRIMARY KEY (tenant),
  CONSTRAINT placements_catalogs CHECK (catalogs >= 0),
  CONSTRAINT placements_move CHECK ((move_tier IS NULL) = (move_target IS NULL)
      AND (move_tier IS NULL) = (move_state IS NULL) AND (move_tier IS NULL) = (move_id IS NULL)
      AND (move_tier IS NULL) = (move_since IS NULL)),
  CONSTRAINT placements_cleanup CHECK ((cleanup_tier IS NULL) = (cleanup_target IS NULL)
      AND (cleanup_tier IS NULL) = (cleanup_digest IS NULL))
);

-- Earlier versions kept placements as rows of the tenant table named '~placement~<tenant>', their fields as
-- properties. Copy them over (version and timestamps kept) and delete them from the tenant table.
INSERT INTO ${schema}.placements (tenant, tier, target, catalogs, move_tier, move_target, move_state, move_id,
    move_since, cleanup_tier, cleanup_target, cleanup_digest, created_at, updated_at, version)
SELECT substr(name, length('~placement~') + 1),
       properties->>'tier',
       COALESCE(properties->>'target', ''),
       GREATEST(COALESCE((properties->>'catalogs')::bigint, 0), 0),
       properties->>'move.tier',
       CASE WHEN properties->>'move.tier' IS NOT NULL THEN COALESCE(properties->>'move.target', '') END,
       CASE WHEN properties->>'move.tier' IS NOT NULL THEN upper(COALESCE(properties->>'move.state', 'copying')) END,
       CASE WHEN properties->>'move.tier' IS NOT NULL THEN COALESCE(properties->>'move.id', '') END,
       CASE WHEN properties->>'move.tier' IS NOT NULL
            THEN COALESCE((properties->>'move.since')::timestamptz, 'epoch'::timestamptz) END,
       properties->>'cleanup.tier',
       CASE WHEN properties->>'cleanup.tier' IS NOT NULL THEN COALESCE(properties->>'cleanup.target', '') END,
       CASE WHEN properties->>'cleanup.tier' IS NOT NULL THEN COALESCE(properties->>'cleanup.digest', '') END,
       created_at, updated_at, version
  FROM ${schema}.tenants
 WHERE starts_with(name, '~placement~') AND properties->>'tier' IS NOT NULL;

DELETE FROM ${schema}.tenants WHERE starts_with(name, '~placement~');
