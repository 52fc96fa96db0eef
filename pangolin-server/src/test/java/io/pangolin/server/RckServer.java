package io.pangolin.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.pangolin.iceberg.LocalFileIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.util.PropertyUtil;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.io.TempDirFactory;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The server of the Iceberg REST Compatibility Kit ({@link IcebergRckCatalogIT}, {@link IcebergRckViewCatalogIT}):
 * one packaged Pangolin server ({@link ServerProcess}, memory store) for the whole run, with a tenant whose warehouse
 * root is written {@code file:///<java.io.tmpdir>/pangolin-rck-<n>} (below the server's local root
 * {@code java.io.tmpdir}) and a service principal ({@code tenant-writer}) whose credentials the kit's clients present
 * ({@code credential=<id>:<secret>}), exactly as an engine would; each kit class gets a fresh catalog.
 *
 * <p>The locations the kit requests are spelled {@code file:/…}, as upstream's are ({@code CatalogTests} requests
 * {@code file:/tmp/<ns>/<name>}; {@code ViewCatalogTests} its {@code @TempDir} through {@code Paths.get}, which
 * writes {@code file:/…}), and lie in the warehouse: the table base location ({@code baseTableLocation}, the kit's
 * hook for it) and the kit's temporary directories ({@link TempDirs}) are inside the warehouse directory, which is
 * deleted when the run ends — so the kit leaves nothing behind in {@code /tmp}.
 *
 * <p>Registered with {@code @ExtendWith}; the kit classes receive their {@link Rck} as a {@code @BeforeAll}
 * parameter. The server is started once (JUnit's root store) and stopped when the run ends.
 */
final class RckServer implements BeforeAllCallback, ParameterResolver {
  private static final Duration BOUND = Duration.ofSeconds(120);
  private static final AtomicInteger CATALOGS = new AtomicInteger();
  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(RckServer.class);

  /** One kit class's catalog on the server, and how its clients reach it. */
  static final class Rck {
    /** Test namespaces the kit purges before each test ({@code RCKUtils.TEST_NAMESPACES}). */
    static final List<Namespace> TEST_NAMESPACES = List.of(Namespace.of("ns"), Namespace.of("newdb"));

    private final Server server;
    private final String warehouse;

    private Rck(Server server, String warehouse) {
      this.server = server;
      this.warehouse = warehouse;
    }

    /**
     * A client as upstream's {@code RCKUtils.initCatalogClient} makes it: the kit's catalog default and override
     * properties, then the server's address, catalog and credentials, the capabilities declared in {@code rck}
     * (read back by the kit classes from {@code catalog.properties()}, as upstream's do), then {@code additional}.
     */
    RESTCatalog client(Map<String, String> rck, Map<String, String> additional) {
      Map<String, String> p = new HashMap<>();
      p.put(CatalogProperties.URI, server.process().uri().toString());
      p.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse);
      p.put("credential", server.credential());
      p.put(CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
      p.putAll(rck);
      p.putAll(additional);
      // the defaults of RCKUtils.initCatalogClient
      p.putIfAbsent(CatalogProperties.TABLE_DEFAULT_PREFIX + "default-key1", "catalog-default-key1");
      p.putIfAbsent(CatalogProperties.TABLE_DEFAULT_PREFIX + "default-key2", "catalog-default-key2");
      p.putIfAbsent(CatalogProperties.VIEW_DEFAULT_PREFIX + "key1", "catalog-default-key1");
      p.putIfAbsent(CatalogProperties.VIEW_DEFAULT_PREFIX + "key2", "catalog-default-key2");
      p.putIfAbsent(CatalogProperties.VIEW_DEFAULT_PREFIX + "key3", "catalog-default-key3");
      p.putIfAbsent(CatalogProperties.VIEW_OVERRIDE_PREFIX + "key3", "catalog-override-key3");
      p.putIfAbsent(CatalogProperties.VIEW_OVERRIDE_PREFIX + "key4", "catalog-override-key4");
      p.putIfAbsent(CatalogProperties.TABLE_DEFAULT_PREFIX + "override-key3", "catalog-default-key3");
      p.putIfAbsent(CatalogProperties.TABLE_OVERRIDE_PREFIX + "override-key3", "catalog-override-key3");
      p.putIfAbsent(CatalogProperties.TABLE_OVERRIDE_PREFIX + "override-key4", "catalog-override-key4");
      RESTCatalog catalog = new RESTCatalog();
      catalog.initialize("rck_catalog", p);
      return catalog;
    }

    /**
     * The base under which the kit requests table locations ({@code CatalogTests.baseTableLocation}): a directory of
     * the warehouse, spelled {@code file:/…} like upstream's {@code file:/tmp} (the root is spelled {@code file:///…}).
     */
    String baseTableLocation() {
      return "file:" + server.warehouseDir().resolve("requested");
    }

    /** {@code RCKUtils.purgeCatalogTestEntries}: drops what a previous test left in the kit's test namespaces. */
    static void purgeTestEntries(RESTCatalog catalog) {
      if (!PropertyUtil.propertyAsBoolean(catalog.properties(), "rck.purge-test-namespaces", true)) {
        return;
      }
      TEST_NAMESPACES.stream().filter(catalog::namespaceExists).forEach(namespace -> {
        catalog.listTables(namespace).forEach(catalog::dropTable);
        catalog.listViews(namespace).forEach(catalog::dropView);
        catalog.dropNamespace(namespace);
      });
    }
  }

  /**
   * The {@code @TempDir} factory of this module's tests ({@code junit.jupiter.tempdir.factory.default} in
   * {@code junit-platform.properties}): in the kit's classes, temporary directories (where {@code ViewCatalogTests}
   * requests view locations) are made inside the warehouse directory; everywhere else, as JUnit makes them.
   */
  public static final class TempDirs implements TempDirFactory {
    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws Exception {
      boolean kit = context.getTestClass().stream()
          .flatMap(c -> AnnotationSupport.findRepeatableAnnotations(c, ExtendWith.class).stream())
          .anyMatch(e -> List.of(e.value()).contains(RckServer.class));
      return kit ? Files.createTempDirectory(server(context).warehouseDir(), "junit-")
          : TempDirFactory.Standard.INSTANCE.createTempDirectory(element, context);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server(context);
  }

  /** The server of the whole run, started by the first kit class. */
  private static Server server(ExtensionContext context) {
    return context.getRoot().getStore(STORE).getOrComputeIfAbsent(Server.class, k -> Server.start(), Server.class);
  }

  /**
   * The packaged server, stopped when the run ends, with the tenant of the kit: one warehouse (warehouse roots of a
   * deployment never overlap) in {@code warehouseDir}, deleted at the end, and a service principal.
   */
  private record Server(ServerProcess process, Path warehouseDir, String tenant, String credential)
      implements AutoCloseable {
    static Server start() {
      String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
      Path logs = Path.of(System.getProperty("basedir", ".")).resolve("target/rck-it-" + id);
      Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
      Path dir = null;
      try {
        dir = Files.createTempDirectory(tmp, "pangolin-rck-");
        ServerProcess server = ServerProcess.start("rck", Map.of("pangolin.storage.local-roots", tmp.toString()),
            logs);
        try {
          server.awaitReady(BOUND);
          Api root = new Api(server.uri());
          String tenant = "rck-" + id;
          root.post("/api/v1/tenants", null, Map.of("name", tenant)).is(201);
          root.post("/api/v1/warehouses", tenant, Map.of("name", "lake", "storageRoot", "file://" + dir)).is(201);
          JsonNode principal = root.post("/api/v1/service-users", tenant,
              Map.of("name", "rck", "roles", List.of("tenant-writer"))).is(201).json();
          return new Server(server, dir, tenant,
              principal.path("clientId").asText() + ":" + principal.path("clientSecret").asText());
        } catch (IOException | RuntimeException | Error e) {
          server.close();
          throw e;
        }
      } catch (IOException e) {
        delete(dir);
        throw new UncheckedIOException(e);
      } catch (RuntimeException | Error e) {
        delete(dir);
        throw e;
      } catch (InterruptedException e) {
        delete(dir);
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    /**
     * A fresh, empty catalog in the warehouse: each kit class gets one of its own, as upstream's
     * {@code RESTServerExtension} gives each a new server.
     */
    Rck catalog() {
      String catalog = "rck" + CATALOGS.incrementAndGet();
      new Api(process.uri()).post("/api/v1/catalogs", tenant, Map.of("name", catalog, "warehouse", "lake")).is(201);
      return new Rck(this, tenant + "." + catalog);
    }

    @Override
    public void close() throws InterruptedException {
      try {
        process.close(); // its log stays in target/rck-it-<id>/ for inspection
      } finally {
        delete(warehouseDir);
      }
    }

    private static void delete(Path dir) {
      if (dir == null || !Files.exists(dir)) {
        return;
      }
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Rck.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(STORE).getOrComputeIfAbsent(Rck.class, k -> server(context).catalog(), Rck.class);
  }
}
