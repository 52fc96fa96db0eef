package io.pangolin.api;

import java.util.Set;

/** The built-in roles. */
public final class Roles {
  /** The deployment administrator: every operation in every tenant, tenant administration. */
  public static final String ROOT = "root";
  /** Every operation inside its own tenant, including managing its principals. */
  public static final String TENANT_ADMIN = "tenant-admin";
  /** Creates, changes and deletes catalog content (namespaces, tables, views, assets) and reads its tenant. */
  public static final String TENANT_WRITER = "tenant-writer";
  /** Lists and reads everything of its own tenant; changes nothing. */
  public static final String TENANT_USER = "tenant-user";

  /** The roles a tenant's principal may be given. */
  public static final Set<String> TENANT_ROLES = Set.of(TENANT_ADMIN, TENANT_WRITER, TENANT_USER);

  private Roles() {}
}
