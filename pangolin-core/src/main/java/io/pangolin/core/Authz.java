package io.pangolin.core;

import io.pangolin.api.ForbiddenException;
import io.pangolin.api.Principal;
import io.pangolin.api.RequestContext;
import io.pangolin.api.Roles;

/**
 * The engine's authorization: who may do what, decided from the context's {@link Principal} alone (no store read).
 *
 * <ul>
 *   <li>{@link Principal#system()} (embedding) and root may do everything, in every tenant; tenant administration
 *       (create, list, delete tenants; tier moves) is theirs alone;
 *   <li>any other principal acts only in its own tenant — a request naming another tenant is refused the same way
 *       whether that tenant exists or not, so existence does not leak;
 *   <li>in its tenant, catalog content (catalogs, namespaces, assets) is guarded per object by {@link Access} —
 *       built-in roles hold their privileges on the whole tenant, custom roles and principals what is granted; for
 *       the rest: {@value Roles#TENANT_USER} lists and reads; {@value Roles#TENANT_WRITER} also creates,
 *       changes and deletes namespaces and assets (tables, views, commits); {@value Roles#TENANT_ADMIN} also manages
 *       warehouses, catalogs, users, principals and reads the audit log.
 * </ul>
 */
final class Authz {
  /** What an operation needs. */
  enum Need {
    /**
     * Act in the tenant at all (it is the principal's own); what it may do with each object is decided by
     * {@link Access} from its roles and grants.
     */
    MEMBER,
    /** List and read the tenant's catalogs, namespaces, assets. */
    READ,
    /** Change namespaces and assets. */
    WRITE,
    /** Manage warehouses, catalogs, users, principals; read the audit log. */
    MANAGE,
    /** Deployment administration. */
    ROOT
  }

  private Authz() {}

  /** @throws ForbiddenException the context's principal may not do what {@code need} says in the context's tenant */
  static void require(RequestContext ctx, Need need) {
    Principal p = ctx.principal();
    if (p.isDeploymentAdmin()) {
      return;
    }
    if (need == Need.ROOT) {
      throw new ForbiddenException("only the deployment administrator may do this");
    }
    if (!p.tenant().orElseThrow().equals(ctx.tenant())) {
      throw new ForbiddenException("principal '" + Names.shorten(p.name()) + "' may not act in this tenant");
    }
    boolean allowed = switch (need) {
      case MEMBER -> true;
      case READ -> p.hasRole(Roles.TENANT_USER) || p.hasRole(Roles.TENANT_WRITER) || p.hasRole(Roles.TENANT_ADMIN);
      case WRITE -> p.hasRole(Roles.TENANT_WRITER) || p.hasRole(Roles.TENANT_ADMIN);
      case MANAGE -> p.hasRole(Roles.TENANT_ADMIN);
      case ROOT -> false;
    };
    if (!allowed) {
      throw new ForbiddenException("principal '" + Names.shorten(p.name()) + "' may not "
          + switch (need) {
            case MEMBER, READ -> "read in this tenant";
            case WRITE -> "change namespaces or assets";
            case MANAGE -> "manage this tenant";
            case ROOT -> "administer the deployment";
          });
    }
  }

  /** What a write of {@code resourceType} (as audited) needs. */
  static Need forWrite(String resourceType) {
    return switch (resourceType) {
      case "namespace", "asset", "grant" -> Need.MEMBER; // decided per object by Access, inside the write
      case "tenant" -> Need.ROOT;
      case "self" -> Need.READ; // a principal changing its own credentials
      default -> Need.MANAGE;
    };
  }
}
