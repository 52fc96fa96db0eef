package io.pangolin.spi;

import io.pangolin.api.ValidationException;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Function;

/** Finds providers by name through {@link ServiceLoader}. Fails on zero or several matches. */
public final class Providers {
  private Providers() {}

  public static StoreProvider store(String name) {
    return find(ServiceLoader.load(StoreProvider.class), StoreProvider::name, name, "store");
  }

  public static CacheProvider cache(String name) {
    return find(ServiceLoader.load(CacheProvider.class), CacheProvider::name, name, "cache");
  }

  public static TenancyProvider tenancy(String name) {
    return find(ServiceLoader.load(TenancyProvider.class), TenancyProvider::name, name, "tenancy");
  }

  /** Names of the store providers visible to this class loader / module layer. */
  public static List<String> storeNames() {
    return ServiceLoader.load(StoreProvider.class).stream().map(p -> p.get().name()).sorted().toList();
  }

  static <P> P find(ServiceLoader<P> loader, Function<P, String> nameOf, String name, String what) {
    List<P> matches = loader.stream().map(ServiceLoader.Provider::get).filter(p -> nameOf.apply(p).equals(name))
        .toList();
    if (matches.isEmpty()) {
      throw new ValidationException("no " + what + " provider named '" + name + "' is installed");
    }
    if (matches.size() > 1) {
      throw new ValidationException("several " + what + " providers are named '" + name + "': " + matches);
    }
    return matches.get(0);
  }
}
