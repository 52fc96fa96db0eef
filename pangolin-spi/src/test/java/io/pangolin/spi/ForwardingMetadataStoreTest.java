package io.pangolin.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The forwarding base: every store method is forwarded, and each data call reports its scope and tenant. */
class ForwardingMetadataStoreTest {
  /** Convenience overloads the SPI implements with the full method; a decorator sees the full call. */
  private static final Set<String> CONVENIENCE = Set.of("createAsset(Asset)", "renameAsset(String,AssetKey,AssetKey)",
      "createUser(User)", "createCatalog(Catalog)");
  private static final Set<String> DIRECT = Set.of("supportsRestore", "supportsAuditArchive", "supportsStorageRoots", "health", "stats",
      "close");
  private static final Set<String> DEPLOYMENT = Set.of("listTenants", "countCatalogs", "claimStorageRoot",
      "storageRootsOverlapping", "releaseStorageRoot", "createPlacement", "getPlacement", "listPlacements",
      "updatePlacement", "deletePlacement", "tryAcquireLease", "releaseLease");

  private final List<String> reached = new ArrayList<>();
  private final MetadataStore delegate = (MetadataStore) Proxy.newProxyInstance(MetadataStore.class.getClassLoader(),
      new Class<?>[] {MetadataStore.class}, (proxy, method, args) -> {
        reached.add(method.getName());
        return defaultValue(method.getReturnType());
      });
  private final List<ForwardingMetadataStore.Call> calls = new ArrayList<>();
  private final ForwardingMetadataStore recording = new ForwardingMetadataStore() {
    @Override
    protected MetadataStore delegate() {
      return delegate;
    }

    @Override
    protected <T> T forward(Call call, Function<MetadataStore, T> body) {
      calls.add(call);
      return super.forward(call, body);
    }
  };

  @Test
  void everyStoreMethod_isForwarded_notLeftToTheInterfaceDefault() throws Exception {
    for (Method m : storeMethods()) {
      if (CONVENIENCE.contains(signature(m))) {
        continue;
      }
      assertThat(ForwardingMetadataStore.class.getDeclaredMethod(m.getName(), m.getParameterTypes()))
          .as("ForwardingMetadataStore forwards " + signature(m)).isNotNull();
    }
  }

  /**
   * Tenant arguments are "t"; entities are null (so their tenant is empty). Principals are control plane; all-tenant
   * calls, storage roots and leases are deployment-wide; every other call is a read or a write of its tenant.
   */
  @Test
  void everyDataCall_passesTheHookOnce_withItsNameScopeAndTenant() throws Exception {
    for (Method m : storeMethods()) {
      calls.clear();
      reached.clear();
      Object[] args = new Object[m.getParameterCount()];
      for (int i = 0; i < args.length; i++) {
        args[i] = m.getParameterTypes()[i] == String.class ? "t" : defaultValue(m.getParameterTypes()[i]);
      }
      m.invoke(recording, args);
      String name = m.getName();
      assertThat(reached).as(signature(m)).containsExactly(name);
      if (DIRECT.contains(name)) {
        assertThat(calls).as(signature(m)).isEmpty();
        continue;
      }
      assertThat(calls).as(signature(m)).hasSize(1);
      ForwardingMetadataStore.Call call = calls.get(0);
      assertThat(call.operation()).isEqualTo(name);
      ForwardingMetadataStore.Scope expected = name.contains("Principal") ? ForwardingMetadataStore.Scope.CONTROL_PLANE
          : DEPLOYMENT.contains(name) ? ForwardingMetadataStore.Scope.DEPLOYMENT
          : name.matches("(create|update|delete|rename|append|archive|restore).*")
              ? ForwardingMetadataStore.Scope.TENANT_WRITE : ForwardingMetadataStore.Scope.TENANT_READ;
      assertThat(call.scope()).as(signature(m)).isEqualTo(expected);
      boolean tenantArgument = m.getParameterCount() > 0 && m.getParameterTypes()[0] == String.class;
      if (expected.name().startsWith("TENANT_")) {
        assertThat(call.tenant()).as(signature(m)).isEqualTo(tenantArgument ? Optional.of("t") : Optional.empty());
      } else {
        assertThat(call.tenant()).as(signature(m)).isEmpty();
      }
    }
  }

  private static List<Method> storeMethods() {
    List<Method> methods = new ArrayList<>();
    for (Method m : MetadataStore.class.getMethods()) {
      if (!Modifier.isStatic(m.getModifiers())) {
        methods.add(m);
      }
    }
    return methods;
  }

  private static String signature(Method m) {
    List<String> params = new ArrayList<>();
    for (Class<?> p : m.getParameterTypes()) {
      params.add(p.getSimpleName());
    }
    return m.getName() + "(" + String.join(",", params) + ")";
  }

  private static Object defaultValue(Class<?> type) {
    return Map.of(long.class, 0L, int.class, 0, boolean.class, false, Optional.class, Optional.empty()).get(type);
  }
}
