package io.pangolin.admin;

import static io.pangolin.admin.Output.col;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code search}: assets of the tenant by name, kind, catalog and property. */
@Command(name = "search", description = "Search assets by name (GET /api/v1/search).")
final class SearchCommand extends ApiCommand {
  @Parameters(paramLabel = "TEXT", arity = "0..1", description = "Text contained in the asset name.")
  String q;

  @Option(names = "--kind", paramLabel = "KIND")
  String kind;

  @Option(names = {"-c", "--catalog"}, paramLabel = "CATALOG")
  String catalog;

  @Option(names = "--property", paramLabel = "KEY[=VALUE]", description = "Assets with this property (and value).")
  String property;

  @Mixin
  Paging paging;

  @Override
  void run() {
    printList(list("/api/v1/search", AdminClient.params("q", q, "kind", kind, "catalog", catalog, "property",
        property), paging), col("CATALOG", "catalog"), col("NAMESPACE", "namespace"), col("NAME", "name"),
        col("KIND", "kind"), col("LOCATION", "location"));
  }
}
