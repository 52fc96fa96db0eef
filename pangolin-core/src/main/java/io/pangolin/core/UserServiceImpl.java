package io.pangolin.core;

import io.pangolin.api.NotFoundException;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.RequestContext;
import io.pangolin.api.User;
import io.pangolin.api.UserService;
import io.pangolin.api.ValidationException;
import io.pangolin.spi.MetadataStore;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

final class UserServiceImpl implements UserService {
  private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}]{1,255}");
  private final Engine engine;
  private final Scope scope;

  UserServiceImpl(Engine engine, Scope scope) {
    this.engine = engine;
    this.scope = scope;
  }

  private static Optional<String> email(Optional<String> email) {
    email.ifPresent(e -> {
      if (!EMAIL.matcher(e).matches()) {
        throw new ValidationException("email '" + Names.shorten(e) + "' is invalid");
      }
    });
    return email;
  }

  /** The tenant's store for a read, which needs a built-in role (tenant infrastructure is not granted per object). */
  private io.pangolin.spi.MetadataStore readable(RequestContext ctx) {
    var store = scope.store(ctx);
    Authz.require(ctx, Authz.Need.READ);
    return store;
  }

  @Override
  public User create(RequestContext ctx, String name, Optional<String> email, Map<String, String> properties) {
    var store = scope.store(ctx);
    return engine.audited(store, ctx, "user.create", "user", String.valueOf(name), User::name, () -> {
      Names.user(name);
      email(email);
      Names.properties(properties, engine.limits);
      var now = engine.now();
      return store.createUser(new User(ctx.tenant(), name, email, Props.orEmpty(properties), now, now, 1),
          engine.limits.maxUsersPerTenant());
    });
  }

  @Override
  public User get(RequestContext ctx, String name) {
    return find(readable(ctx), ctx, name);
  }

  /** Like {@link #get} for a caller that already resolved the tenant's store (no second tenant lookup). */
  private static User find(MetadataStore store, RequestContext ctx, String name) {
    Names.user(name);
    return store.getUser(ctx.tenant(), name)
        .orElseThrow(() -> new NotFoundException("user '" + name + "' does not exist"));
  }

  @Override
  public Page<User> list(RequestContext ctx, PageRequest page) {
    return readable(ctx).listUsers(ctx.tenant(), page);
  }

  @Override
  public User update(RequestContext ctx, String name, Optional<String> email, Map<String, String> updates,
      Set<String> removals) {
    var store = scope.store(ctx);
    return engine.audited(store, ctx, "user.update", "user", String.valueOf(name), User::name, () -> {
      Names.user(name);
      email(email);
      Names.propertyUpdate(updates, removals, engine.limits);
      return Retry.onConflict(() -> {
        User u = find(store, ctx, name);
        return store.updateUser(new User(u.tenant(), u.name(), email.isPresent() ? email : u.email(),
            Props.apply(u.properties(), updates, removals, engine.limits), u.createdAt(), engine.now(), u.version()),
            u.version());
      });
    });
  }

  @Override
  public void delete(RequestContext ctx, String name) {
    var store = scope.store(ctx);
    engine.auditedVoid(store, ctx, "user.delete", "user", String.valueOf(name), () -> {
      Names.user(name);
      store.deleteUser(ctx.tenant(), name);
    });
  }
}
