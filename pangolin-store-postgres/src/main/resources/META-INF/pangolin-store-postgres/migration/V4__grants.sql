-- Custom roles and grants of a tenant (in the tenant's schema, like its catalogs). Deleting a tenant deletes them;
-- deleting a role deletes the grants given to it (done by the store in the same transaction).
CREATE TABLE ${schema}.roles (
  tenant      text COLLATE "C" NOT NULL,
  name        text COLLATE "C" NOT NULL,
  description text             NOT NULL,
  created_at  timestamptz      NOT NULL,
  CONSTRAINT roles_pk PRIMARY KEY (tenant, name),
  CONSTRAINT roles_tenant_fk FOREIGN KEY (tenant) REFERENCES ${schema}.tenants (name) ON DELETE CASCADE
);

CREATE TABLE ${schema}.grants (
  tenant       text COLLATE "C" NOT NULL,
  id           text COLLATE "C" NOT NULL,
  scope        text COLLATE "C" NOT NULL,
  grantee_kind text COLLATE "C" NOT NULL,
  grantee      text COLLATE "C" NOT NULL,
  privileges   text[]           NOT NULL,
  created_at   timestamptz      NOT NULL,
  created_by   text             NOT NULL,
  CONSTRAINT grants_pk PRIMARY KEY (tenant, id),
  CONSTRAINT grants_grantee_scope_uq UNIQUE (tenant, grantee_kind, grantee, scope),
  CONSTRAINT grants_tenant_fk FOREIGN KEY (tenant) REFERENCES ${schema}.tenants (name) ON DELETE CASCADE
);
