-- How many assets each catalog and each namespace holds, kept by a trigger on assets in the same transaction as the
-- change. The asset quotas are decided on these rows instead of count(*) under a lock: a create adds 1 to its
-- catalog's row and its namespace's row (taking their row locks until it commits, so two creates of one catalog
-- cannot both see room for one), and the trigger refuses the insert when a count passes the quota that the inserting
-- statement put in the transaction-local setting pangolin.asset_quota ("<max per catalog> <max per namespace>"; no
-- setting: no check). The catalog's total has the empty namespace '{}' (the catalog root is no namespace).
CREATE TABLE ${schema}.asset_counts (
  tenant     text   COLLATE "C" NOT NULL,
  catalog    text   COLLATE "C" NOT NULL,
  namespace  text[] COLLATE "C" NOT NULL,
  n          bigint             NOT NULL,
  CONSTRAINT asset_counts_pk PRIMARY KEY (tenant, catalog, namespace)
);

CREATE FUNCTION ${schema}.count_assets() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  quota        text;
  in_catalog   bigint;
  in_namespace bigint;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    -- the catalog's row first, then the namespace's (the order creates take them in)
    UPDATE ${schema}.asset_counts SET n = n - 1
      WHERE tenant = OLD.tenant AND catalog = OLD.catalog AND namespace = '{}';
    UPDATE ${schema}.asset_counts SET n = n - 1
      WHERE tenant = OLD.tenant AND catalog = OLD.catalog AND namespace = OLD.namespace;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN NULL;
  END IF;
  INSERT INTO ${schema}.asset_counts AS c (tenant, catalog, namespace, n) VALUES (NEW.tenant, NEW.catalog, '{}', 1)
    ON CONFLICT (tenant, catalog, namespace) DO UPDATE SET n = c.n + 1 RETURNING c.n INTO in_catalog;
  INSERT INTO ${schema}.asset_counts AS c (tenant, catalog, namespace, n)
    VALUES (NEW.tenant, NEW.catalog, NEW.namespace, 1)
    ON CONFLICT (tenant, catalog, namespace) DO UPDATE SET n = c.n + 1 RETURNING c.n INTO in_namespace;
  quota := current_setting('pangolin.asset_quota', true);
  IF quota IS NOT NULL AND quota <> ''
      AND (in_catalog > split_part(quota, ' ', 1)::bigint OR in_namespace > split_part(quota, ' ', 2)::bigint) THEN
    -- the counts before this asset, for the store to word the refusal
    RAISE EXCEPTION 'asset quota reached' USING ERRCODE = 'PQ001', DETAIL = (in_catalog - 1) || ' ' || (in_namespace - 1);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER assets_counted AFTER INSERT OR DELETE ON ${schema}.assets
  FOR EACH ROW EXECUTE FUNCTION ${schema}.count_assets();
-- a rename within its namespace (or a commit) leaves the counts alone and takes none of their locks
CREATE TRIGGER assets_counted_move AFTER UPDATE OF tenant, catalog, namespace ON ${schema}.assets
  FOR EACH ROW WHEN (OLD.tenant IS DISTINCT FROM NEW.tenant OR OLD.catalog IS DISTINCT FROM NEW.catalog
    OR OLD.namespace IS DISTINCT FROM NEW.namespace)
  EXECUTE FUNCTION ${schema}.count_assets();

-- the counts of the assets already there (the triggers above block writes to assets until this commits)
INSERT INTO ${schema}.asset_counts (tenant, catalog, namespace, n)
  SELECT tenant, catalog, '{}', count(*) FROM ${schema}.assets GROUP BY tenant, catalog
  UNION ALL
  SELECT tenant, catalog, namespace, count(*) FROM ${schema}.assets GROUP BY tenant, catalog, namespace;
