package io.pangolin.cache;

import io.pangolin.spi.MetadataStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A store that counts the calls reaching it and can run a hook before each (to stage races). */
final class StoreSpy {
  interface Hook {
    void before(String method, Object[] args) throws Exception;
  }

  interface AfterHook {
    void after(String method, Object[] args, Object result) throws Exception;
  }

  private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
  volatile Hook hook = (m, a) -> {};
  volatile AfterHook afterHook = (m, a, r) -> {};
  final MetadataStore store;

  StoreSpy(MetadataStore target) {
    this.store = (MetadataStore) Proxy.newProxyInstance(MetadataStore.class.getClassLoader(),
        new Class<?>[] {MetadataStore.class}, (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
              case "equals" -> proxy == args[0];
              case "hashCode" -> System.identityHashCode(proxy);
              default -> "spy(" + target + ")";
            };
          }
          calls.computeIfAbsent(method.getName(), k -> new AtomicLong()).incrementAndGet();
          Object[] a = args == null ? new Object[0] : args;
          hook.before(method.getName(), a);
          Object result;
          try {
            result = method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          afterHook.after(method.getName(), a, result);
          return result;
        });
  }

  long calls(String method) {
    AtomicLong n = calls.get(method);
    return n == null ? 0 : n.get();
  }
}
