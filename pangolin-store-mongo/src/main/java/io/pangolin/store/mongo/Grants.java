package io.pangolin.store.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Sorts.ascending;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import io.pangolin.api.AlreadyExistsException;
import io.pangolin.api.Grant;
import io.pangolin.api.GrantScope;
import io.pangolin.api.NotFoundException;
import io.pangolin.api.Privilege;
import io.pangolin.api.Role;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bson.Document;

/**
 * Custom roles and grants of tenants, each in its own small unsharded collection (a tenant has few; the engine reads
 * them all at once and caches them). Unique indexes keep role names per tenant and one grant per grantee and scope.
 * A role is deleted after the grants given to it (two commands: a crash between them leaves the role without its
 * grants, which only ever takes access away). Deleting a tenant deletes both.
 */
final class Grants {
  static final String ROLES = "roles";
  static final String GRANTS = "grants";
  static final String TENANT = "tenant";
  static final String NAME = "name";
  static final String GRANTEE_KIND = "granteeKind";
  static final String GRANTEE = "grantee";
  static final String SCOPE = "scope";
  private static final String ID = "id";
  private static final String DESCRIPTION = "description";
  private static final String PRIVILEGES = "privileges";
  private static final String CREATED_AT = "createdAt";
  private static final String CREATED_BY = "createdBy";

  private final MongoCollection<Document> roles;
  private final MongoCollection<Document> grants;
  private final MongoCollection<Document> tenants;

  Grants(MongoCollection<Document> roles, MongoCollection<Document> grants, MongoCollection<Document> tenants) {
    this.roles = roles;
    this.grants = grants;
    this.tenants = tenants;
  }

  private void requireTenant(String tenant) {
    if (tenants.find(Docs.tenantKey(tenant)).first() == null) {
      throw new NotFoundException("tenant '" + tenant + "' does not exist");
    }
  }

  Role createRole(String tenant, Role role) {
    requireTenant(tenant);
    Document d = new Document("_id", tenant + "\u0000" + role.name()).append(TENANT, tenant)
        .append(NAME, role.name()).append(DESCRIPTION, role.description());
    Docs.putInstant(d, new HashSet<>(), CREATED_AT, role.createdAt());
    try {
      roles.insertOne(d);
    } catch (MongoException e) {
      if (Errors.isDuplicateKey(e)) {
        throw new AlreadyExistsException("role '" + role.name() + "' already exists", e);
      }
      throw e;
    }
    return role;
  }

  List<Role> listRoles(String tenant) {
    requireTenant(tenant);
    return roles.find(eq(TENANT, tenant)).sort(ascending(NAME)).into(new ArrayList<>()).stream()
        .map(d -> new Role(d.getString(NAME), d.getString(DESCRIPTION), Docs.instant(d, CREATED_AT))).toList();
  }

  void deleteRole(String tenant, String name) {
    if (roles.find(eq("_id", tenant + "\u0000" + name)).first() == null) {
      throw new NotFoundException("role '" + name + "' does not exist");
    }
    grants.deleteMany(and(eq(TENANT, tenant), eq(GRANTEE_KIND, Grant.Grantee.Kind.ROLE.name()), eq(GRANTEE, name)));
    if (roles.deleteOne(eq("_id", tenant + "\u0000" + name)).getDeletedCount() == 0) {
      throw new NotFoundException("role '" + name + "' does not exist");
    }
  }

  Grant createGrant(String tenant, Grant g) {
    requireTenant(tenant);
    Document d = new Document("_id", tenant + "\u0000" + g.id()).append(TENANT, tenant).append(ID, g.id())
        .append(SCOPE, g.scope().toString()).append(GRANTEE_KIND, g.grantee().kind().name())
        .append(GRANTEE, g.grantee().name())
        .append(PRIVILEGES, g.privileges().stream().map(Privilege::wireName).sorted().toList())
        .append(CREATED_BY, g.createdBy());
    Docs.putInstant(d, new HashSet<>(), CREATED_AT, g.createdAt());
    try {
      grants.insertOne(d);
    } catch (MongoException e) {
      if (Errors.isDuplicateKey(e)) {
        throw new AlreadyExistsException("a grant to " + g.grantee().name() + " on " + g.scope()
            + " already exists", e);
      }
      throw e;
    }
    return g;
  }

  List<Grant> listGrants(String tenant) {
    requireTenant(tenant);
    return grants.find(eq(TENANT, tenant)).sort(ascending(ID)).into(new ArrayList<>()).stream()
        .map(Grants::grant).toList();
  }

  private static Grant grant(Document d) {
    Set<Privilege> privileges = d.getList(PRIVILEGES, String.class).stream().map(Privilege::parse)
        .collect(Collectors.toUnmodifiableSet());
    return new Grant(d.getString(ID), GrantScope.parse(d.getString(SCOPE)),
        new Grant.Grantee(Grant.Grantee.Kind.valueOf(d.getString(GRANTEE_KIND)), d.getString(GRANTEE)), privileges,
        Docs.instant(d, CREATED_AT), d.getString(CREATED_BY));
  }

  void deleteGrant(String tenant, String id) {
    if (grants.deleteOne(eq("_id", tenant + "\u0000" + id)).getDeletedCount() == 0) {
      throw new NotFoundException("grant '" + id + "' does not exist");
    }
  }

  void deleteOfTenant(String tenant) {
    grants.deleteMany(eq(TENANT, tenant));
    roles.deleteMany(eq(TENANT, tenant));
  }
}
