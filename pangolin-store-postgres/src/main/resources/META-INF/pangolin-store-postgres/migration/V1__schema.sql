-- Pangolin PostgreSQL store, schema version 1. Every name is schema-qualified (${schema}): the store never relies
-- on search_path, so it runs unchanged behind PgBouncer in transaction mode.
-- Names are COLLATE "C": byte order, which for ASCII is Java's String.compareTo, the order the SPI's listings use.
-- Parents are foreign keys ON DELETE RESTRICT: the parent check of a create and the refusal of a delete with
-- children are enforced atomically by PostgreSQL itself.

CREATE TABLE ${schema}.tenants (
  name        text COLLATE "C" NOT NULL,
  properties  jsonb            NOT NULL,
  created_at  timestamptz      NOT NULL,
  updated_at  timestamptz      NOT NULL,
  version     bigint           NOT NULL,
  CONSTRAINT tenants_pk PRIMARY KEY (name)
);

CREATE TABLE ${schema}.warehouses (
  tenant              text COLLATE "C" NOT NULL,
  name                text COLLATE "C" NOT NULL,
  storage_root        text             NOT NULL,
  storage_properties  jsonb            NOT NULL,
  created_at          timestamptz      NOT NULL,
  updated_at          timestamptz      NOT NULL,
  version             bigint           NOT NULL,
  CONSTRAINT warehouses_pk PRIMARY KEY (tenant, name),
  CONSTRAINT warehouses_tenant_fk FOREIGN KEY (tenant) REFERENCES ${schema}.tenants (name) ON DELETE RESTRICT
);

CREATE TABLE ${schema}.catalogs (
  tenant      text COLLATE "C" NOT NULL,
  name        text COLLATE "C" NOT NULL,
  warehouse   text COLLATE "C" NOT NULL,
  properties  jsonb            NOT NULL,
  created_at  timestamptz      NOT NULL,
  updated_at  timestamptz      NOT NULL,
  version     bigint           NOT NULL,
  CONSTRAINT catalogs_pk PRIMARY KEY (tenant, name),
  CONSTRAINT catalogs_tenant_fk FOREIGN KEY (tenant) REFERENCES ${schema}.tenants (name) ON DELETE RESTRICT,
  CONSTRAINT catalogs_warehouse_fk FOREIGN KEY (tenant, warehouse)
    REFERENCES ${schema}.warehouses (tenant, name) ON DELETE RESTRICT
);
-- the RESTRICT check of a warehouse delete looks catalogs up by warehouse
CREATE INDEX catalogs_warehouse_idx ON ${schema}.catalogs (tenant, warehouse);

-- name holds the levels: text[] compares element by element (then shorter first), exactly NamespaceName.compareTo.
-- parent is NULL for a top-level namespace (the catalog root is implicit), so the foreign key skips it.
CREATE TABLE ${schema}.namespaces (
  tenant      text   COLLATE "C" NOT NULL,
  catalog     text   COLLATE "C" NOT NULL,
  name        text[] COLLATE "C" NOT NULL,
  parent      text[] COLLATE "C" GENERATED ALWAYS AS
                (CASE WHEN cardinality(name) > 1 THEN name[1:cardinality(name) - 1] END) STORED,
  leaf        text   COLLATE "C" GENERATED ALWAYS AS (name[cardinality(name)]) STORED,
  properties  jsonb              NOT NULL,
  created_at  timestamptz        NOT NULL,
  updated_at  timestamptz        NOT NULL,
  version     bigint             NOT NULL,
  CONSTRAINT namespaces_pk PRIMARY KEY (tenant, catalog, name),
  CONSTRAINT namespaces_levels_ck CHECK (cardinality(name) > 0 AND array_ndims(name) = 1),
  CONSTRAINT namespaces_catalog_fk FOREIGN KEY (tenant, catalog)
    REFERENCES ${schema}.catalogs (tenant, name) ON DELETE RESTRICT,
  CONSTRAINT namespaces_parent_fk FOREIGN KEY (tenant, catalog, parent)
    REFERENCES ${schema}.namespaces (tenant, catalog, name) ON DELETE RESTRICT
);
-- children of one parent ordered by their last level (keyset pages); also the RESTRICT check of a parent delete
CREATE INDEX namespaces_children_idx ON ${schema}.namespaces (tenant, catalog, parent, leaf);

-- The primary key (tenant, catalog, namespace, name) is the order of search results and of a namespace's listing,
-- so keyset pages are index range scans; its prefixes serve (tenant) and (tenant, catalog, namespace) lookups,
-- catalog-wide counts and the RESTRICT check of a namespace delete.
CREATE TABLE ${schema}.assets (
  tenant             text   COLLATE "C" NOT NULL,
  catalog            text   COLLATE "C" NOT NULL,
  namespace          text[] COLLATE "C" NOT NULL,
  name               text   COLLATE "C" NOT NULL,
  id                 text               NOT NULL,
  kind               text               NOT NULL,
  location           text               NOT NULL,
  properties         jsonb              NOT NULL,
  metadata_location  text,
  created_at         timestamptz        NOT NULL,
  updated_at         timestamptz        NOT NULL,
  version            bigint             NOT NULL,
  CONSTRAINT assets_pk PRIMARY KEY (tenant, catalog, namespace, name),
  CONSTRAINT assets_namespace_fk FOREIGN KEY (tenant, catalog, namespace)
    REFERENCES ${schema}.namespaces (tenant, catalog, name) ON DELETE RESTRICT
);
-- listing one kind in a namespace, in name order
CREATE INDEX assets_kind_idx ON ${schema}.assets (tenant, catalog, namespace, kind, name);
-- finding assets by name within a tenant (exact and prefix lookups)
CREATE INDEX assets_name_idx ON ${schema}.assets (tenant, name);
-- property filters of search (properties @> {"k": "v"})
CREATE INDEX assets_properties_idx ON ${schema}.assets USING gin (properties jsonb_path_ops);

CREATE TABLE ${schema}.users (
  tenant      text COLLATE "C" NOT NULL,
  name        text COLLATE "C" NOT NULL,
  email       text,
  properties  jsonb            NOT NULL,
  created_at  timestamptz      NOT NULL,
  updated_at  timestamptz      NOT NULL,
  version     bigint           NOT NULL,
  CONSTRAINT users_pk PRIMARY KEY (tenant, name),
  CONSTRAINT users_tenant_fk FOREIGN KEY (tenant) REFERENCES ${schema}.tenants (name) ON DELETE RESTRICT
);

-- The audit log, partitioned by month of its timestamp. Monthly partitions are created ahead by the store
-- (audit_logs_pYYYYMM); the default partition takes anything else, so no insert ever fails. No foreign key: events
-- of unknown tenants are recorded too.
-- The primary key (tenant, timestamp, id) is the newest-first order of queries (scanned backwards) and makes
-- appends idempotent.
CREATE TABLE ${schema}.audit_logs (
  tenant         text COLLATE "C" NOT NULL,
  timestamp      timestamptz      NOT NULL,
  id             text COLLATE "C" NOT NULL,
  actor          text             NOT NULL,
  action         text             NOT NULL,
  resource_type  text             NOT NULL,
  resource_id    text             NOT NULL,
  resource_name  text             NOT NULL,
  result         text             NOT NULL,
  request_id     text             NOT NULL,
  details        jsonb            NOT NULL,
  CONSTRAINT audit_logs_pk PRIMARY KEY (tenant, timestamp, id)
) PARTITION BY RANGE (timestamp);
CREATE INDEX audit_logs_action_idx ON ${schema}.audit_logs (tenant, action, timestamp, id);
CREATE TABLE ${schema}.audit_logs_default PARTITION OF ${schema}.audit_logs DEFAULT;

-- Archived events (older than the retention). Same shape and partitioning, so a whole month moves by
-- DETACH PARTITION + ATTACH PARTITION in one transaction.
CREATE TABLE ${schema}.audit_logs_archive (
  LIKE ${schema}.audit_logs INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
  CONSTRAINT audit_logs_archive_pk PRIMARY KEY (tenant, timestamp, id)
) PARTITION BY RANGE (timestamp);
CREATE TABLE ${schema}.audit_logs_archive_default PARTITION OF ${schema}.audit_logs_archive DEFAULT;
