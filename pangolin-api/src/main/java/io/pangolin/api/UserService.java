package io.pangolin.api;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Users of the context's tenant. */
public interface UserService {
  /** @throws QuotaExceededException users per tenant */
  User create(RequestContext ctx, String name, Optional<String> email, Map<String, String> properties);

  User get(RequestContext ctx, String name);

  Page<User> list(RequestContext ctx, PageRequest page);

  User update(RequestContext ctx, String name, Optional<String> email, Map<String, String> updates,
      Set<String> removals);

  void delete(RequestContext ctx, String name);
}
