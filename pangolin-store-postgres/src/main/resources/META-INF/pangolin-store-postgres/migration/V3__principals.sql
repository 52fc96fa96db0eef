-- Principals: service principals (client id + secret hash), root principals (no tenant) and users' password
-- credentials. Only the deployment's control-plane schema uses this table (a token request names only a client id);
-- tenant schemas of the hybrid tier get it too and leave it empty. Deleting a tenant deletes its principals.
CREATE TABLE ${schema}.principals (
  id              text COLLATE "C" NOT NULL,
  tenant          text COLLATE "C",
  tenant_key      text COLLATE "C" GENERATED ALWAYS AS (COALESCE(tenant, '')) STORED,
  name            text COLLATE "C" NOT NULL,
  kind            text COLLATE "C" NOT NULL,
  credential_hash text             NOT NULL,
  roles           text[]           NOT NULL,
  enabled         boolean          NOT NULL,
  expires_at      timestamptz,
  created_at      timestamptz      NOT NULL,
  updated_at      timestamptz      NOT NULL,
  version         bigint           NOT NULL,
  CONSTRAINT principals_pk PRIMARY KEY (id),
  CONSTRAINT principals_name_uq UNIQUE (tenant_key, name, kind),
  CONSTRAINT principals_tenant_fk FOREIGN KEY (tenant) REFERENCES ${schema}.tenants (name) ON DELETE CASCADE
);
