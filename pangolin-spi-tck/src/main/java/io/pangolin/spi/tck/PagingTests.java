package io.pangolin.spi.tck;

import static io.pangolin.spi.tck.Fixtures.audit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.pangolin.api.Asset;
import io.pangolin.api.AssetEntry;
import io.pangolin.api.AssetKey;
import io.pangolin.api.AssetKind;
import io.pangolin.api.AssetQuery;
import io.pangolin.api.AuditEvent;
import io.pangolin.api.AuditQuery;
import io.pangolin.api.Catalog;
import io.pangolin.api.Namespace;
import io.pangolin.api.NamespaceName;
import io.pangolin.api.Page;
import io.pangolin.api.PageRequest;
import io.pangolin.api.Tenant;
import io.pangolin.api.User;
import io.pangolin.api.ValidationException;
import io.pangolin.api.Warehouse;
import io.pangolin.spi.MetadataStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every listing: its documented order, complete traversal at several page sizes, token validation and keyset
 * semantics (items added ahead of the position appear, items behind it do not come back).
 */
abstract class PagingTests extends StoreTests {
  /** The documented order of {@link MetadataStore#searchAssets}. */
  static final Comparator<AssetKey> SEARCH_ORDER = Comparator.comparing(AssetKey::catalog)
      .thenComparing(AssetKey::namespace).thenComparing(AssetKey::name);

  private static final int ITEMS = 23;

  PagingTests(MetadataStore store) {
    super(store);
  }

  // ---- order and completeness -------------------------------------------------------------------------------

  @Test
  void listTenants_pagesInNameOrderWithoutRepeats() {
    List<String> mine = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      mine.add(newTenant());
    }
    List<String> mineSorted = mine.stream().sorted().toList();

    // Other tests may add tenants to a shared store at any time; assert on the order, and on our own tenants.
    for (int size : PAGE_SIZES) {
      List<String> all = drain(store::listTenants, size).stream().map(Tenant::name).toList();
      assertThat(all).as("all tenants, pages of %d", size).isSortedAccordingTo(Comparator.naturalOrder())
          .doesNotHaveDuplicates();
      assertThat(all.stream().filter(mine::contains).toList()).as("our tenants, pages of %d", size)
          .containsExactlyElementsOf(mineSorted);
    }
  }

  @Test
  void listWarehouses_pagesInNameOrder() {
    String tenant = newTenant();
    List<String> names = names("w", ITEMS);
    shuffled(names).forEach(n -> newWarehouse(tenant, n));

    assertPagesConcatenateTo(p -> store.listWarehouses(tenant, p), Warehouse::name, names);
    assertThat(drain(p -> store.listWarehouses(tenant, p), 1000).get(3)).isEqualTo(
        store.getWarehouse(tenant, names.get(3)).orElseThrow());
  }

  @Test
  void listCatalogs_pagesInNameOrder() {
    String tenant = newTenant();
    newWarehouse(tenant, WAREHOUSE);
    List<String> names = names("c", ITEMS);
    shuffled(names).forEach(n -> newCatalog(tenant, n, WAREHOUSE));

    assertPagesConcatenateTo(p -> store.listCatalogs(tenant, p), Catalog::name, names);
    assertThat(drain(p -> store.listCatalogs(tenant, p), 1000).get(5)).isEqualTo(
        store.getCatalog(tenant, names.get(5)).orElseThrow());
  }

  @Test
  void listNamespaces_ofRoot_pagesTopLevelOnlyInNameOrder() {
    String tenant = newTenant();
    newCatalog(tenant, "cat");
    List<String> names = names("n", ITEMS);
    shuffled(names).forEach(n -> newNamespace(tenant, "cat", n));
    newNamespace(tenant, "cat", "n05.child");
    newNamespace(tenant, "cat", "n05.child.grandchild");
    newCatalog(tenant, "cat2");
    newNamespace(tenant, "cat2", "n99");

    assertPagesConcatenateTo(p -> store.listNamespaces(tenant, "cat", NamespaceName.ROOT, p),
        (Namespace n) -> n.name().toString(), names);
  }

  @Test
  void listNamespaces_ofParent_pagesDirectChildrenOnlyInLastLevelOrder() {
    String tenant = newTenant();
    newCatalog(tenant, "cat");
    newNamespace(tenant, "cat", "p");
    newNamespace(tenant, "cat", "p.q");
    newNamespace(tenant, "cat", "other");
    List<String> leaves = names("c", ITEMS);
    for (String leaf : shuffled(leaves)) {
      newNamespace(tenant, "cat", "p.q." + leaf);
      newNamespace(tenant, "cat", "other." + leaf);
    }
    newNamespace(tenant, "cat", "p.q.c03.grandchild");
    newNamespace(tenant, "cat", "p.q.c03.grandchild.deeper");

    assertPagesConcatenateTo(p -> store.listNamespaces(tenant, "cat", NamespaceName.of("p", "q"), p),
        (Namespace n) -> n.name(), leaves.stream().map(l -> NamespaceName.of("p", "q", l)).toList());
    assertPagesConcatenateTo(p -> store.listNamespaces(tenant, "cat", NamespaceName.of("p"), p),
        (Namespace n) -> n.name(), List.of(NamespaceName.of("p", "q")));
  }

  @Test
  void listNamespaceNames_areTheNamesOfListNamespaces_pageForPage_withInterchangeableTokens() {
    String tenant = newTenant();
    newCatalog(tenant, "cat");
    newNamespace(tenant, "cat", "p");
    List<String> leaves = names("c", ITEMS);
    for (String leaf : shuffled(leaves)) {
      newNamespace(tenant, "cat", leaf);
      newNamespace(tenant, "cat", "p." + leaf);
    }
    newNamespace(tenant, "cat", "p.c03.grandchild");
    newCatalog(tenant, "cat2");
    newNamespace(tenant, "cat2", "c99");

    List<String> top = new ArrayList<>(leaves);
    top.add("p");
    top.sort(Comparator.naturalOrder());
    assertThat(drain(p -> store.listNamespaceNames(tenant, "cat", NamespaceName.ROOT, p), 1000))
        .containsExactlyElementsOf(top.stream().map(NamespaceName::of).toList());
    assertThat(drain(p -> store.listNamespaceNames(tenant, "cat", NamespaceName.of("p"), p), 1000))
        .containsExactlyElementsOf(leaves.stream().map(l -> NamespaceName.of("p", l)).toList());

    for (NamespaceName parent : List.of(NamespaceName.ROOT, NamespaceName.of("p"), NamespaceName.of("p", "c03"))) {
      for (int size : PAGE_SIZES) {
        Optional<String> token = Optional.empty();
        for (int pages = 1; ; pages++) {
          PageRequest request = new PageRequest(token, size);
          Page<Namespace> namespaces = store.listNamespaces(tenant, "cat", parent, request);
          Page<NamespaceName> names = store.listNamespaceNames(tenant, "cat", parent, request);
          assertThat(names.items()).as("page %d of size %d under %s", pages, size, parent)
              .containsExactlyElementsOf(namespaces.items().stream().map(Namespace::name).toList());
          assertThat(names.nextToken().isPresent()).as("more after page %d", pages)
              .isEqualTo(namespaces.nextToken().isPresent());
          // the next request of both listings continues from alternating tokens
          token = pages % 2 == 0 ? namespaces.nextToken() : names.nextToken();
          if (token.isEmpty()) {
            break;
          }
        }
      }
    }
    assertThat(store.listNamespaceNames(tenant, "cat", NamespaceName.of("nope"), PageRequest.first()).items())
        .isEmpty();
    assertThat(store.listNamespaceNames(tenant, "nope", NamespaceName.ROOT, PageRequest.first()).items()).isEmpty();
  }

  @Test
  void listAssets_pagesInNameOrder() {
    Scope s = newScope();
    List<String> names = names("a", ITEMS);
    AssetKind[] kinds = AssetKind.values();
    List<String> order = shuffled(names);
    for (int i = 0; i < order.size(); i++) {
      newAsset(s, order.get(i), kinds[i % kinds.length]);
    }
    newNamespace(s.tenant(), s.catalog(), "ns.child");
    newAsset(s.tenant(), s.catalog(), NamespaceName.of("ns", "child"), "a99", AssetKind.ICEBERG_TABLE);
    newCatalog(s.tenant(), "cat2");
    newNamespace(s.tenant(), "cat2", s.namespace());
    newAsset(s.tenant(), "cat2", s.namespace(), "a98", AssetKind.ICEBERG_TABLE);

    assertPagesConcatenateTo(p -> store.listAssets(s.tenant(), s.catalog(), s.namespace(), Optional.empty(), p),
        Asset::name, names);
  }

  @Test
  void listAssets_withKindFilter_pagesThatKindOnlyInNameOrder() {
    Scope s = newScope();
    List<String> names = names("a", 3 * ITEMS);
    List<String> views = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      boolean view = i % 3 == 1;
      if (view) {
        views.add(names.get(i));
      }
      newAsset(s, names.get(i), view ? AssetKind.ICEBERG_VIEW : AssetKind.ICEBERG_TABLE);
    }

    assertPagesConcatenateTo(
        p -> store.listAssets(s.tenant(), s.catalog(), s.namespace(), Optional.of(AssetKind.ICEBERG_VIEW), p),
        Asset::name, views);
    assertThat(drain(p -> store.listAssets(s.tenant(), s.catalog(), s.namespace(), Optional.of(AssetKind.CSV), p),
        7)).isEmpty();
  }

  @Test
  void listAssetEntries_areTheEntriesOfListAssets_pageForPage_withInterchangeableTokens() {
    Scope s = newScope();
    AssetKind[] kinds = AssetKind.values();
    List<String> names = names("a", ITEMS);
    for (int i = 0; i < names.size(); i++) {
      newAsset(s, names.get(i), kinds[i % kinds.length]);
    }
    // an Iceberg table registered without a metadata file: listed, with hasMetadataLocation false
    Asset bare = Fixtures.asset(s.tenant(), s.catalog(), s.namespace(), "a99", AssetKind.ICEBERG_TABLE);
    store.createAsset(new Asset(bare.tenant(), bare.id(), bare.catalog(), bare.namespace(), bare.name(),
        bare.kind(), bare.location(), bare.properties(), Optional.empty(), bare.createdAt(), bare.updatedAt(), 0));
    newNamespace(s.tenant(), s.catalog(), "ns.child");
    newAsset(s.tenant(), s.catalog(), NamespaceName.of("ns", "child"), "a98", AssetKind.ICEBERG_TABLE);

    List<AssetEntry> all = drain(
        p -> store.listAssetEntries(s.tenant(), s.catalog(), s.namespace(), Optional.empty(), p), 1000);
    assertThat(all).map(AssetEntry::name).containsExactlyElementsOf(
        Stream.concat(names.stream(), Stream.of("a99")).toList());
    assertThat(all).contains(new AssetEntry("a99", AssetKind.ICEBERG_TABLE, false),
        new AssetEntry("a00", kinds[0], kinds[0].isIceberg()));
    assertThat(all).extracting(AssetEntry::hasMetadataLocation).contains(true, false);

    for (Optional<AssetKind> kind : List.of(Optional.<AssetKind>empty(), Optional.of(AssetKind.ICEBERG_TABLE),
        Optional.of(AssetKind.CSV))) {
      for (int size : PAGE_SIZES) {
        Optional<String> token = Optional.empty();
        for (int pages = 1; ; pages++) {
          PageRequest request = new PageRequest(token, size);
          Page<Asset> assets = store.listAssets(s.tenant(), s.catalog(), s.namespace(), kind, request);
          Page<AssetEntry> entries = store.listAssetEntries(s.tenant(), s.catalog(), s.namespace(), kind, request);
          assertThat(entries.items()).as("page %d of size %d, kind %s", pages, size, kind)
              .containsExactlyElementsOf(assets.items().stream().map(AssetEntry::of).toList());
          assertThat(entries.nextToken().isPresent()).as("more after page %d", pages)
              .isEqualTo(assets.nextToken().isPresent());
          token = assets.nextToken(); // the next request of both listings continues from listAssets' token
          if (token.isEmpty()) {
            break;
          }
        }
      }
    }
    assertThat(store.listAssetEntries(s.tenant(), s.catalog(), NamespaceName.of("nope"), Optional.empty(),
        PageRequest.first()).items()).isEmpty();
    assertThat(store.listAssetEntries(s.tenant(), "nope", s.namespace(), Optional.empty(), PageRequest.first())
        .items()).isEmpty();
  }

  @Test
  void listUsers_pagesInNameOrder() {
    String tenant = newTenant();
    List<String> names = names("u", ITEMS);
    shuffled(names).forEach(n -> newUser(tenant, n));

    assertPagesConcatenateTo(p -> store.listUsers(tenant, p), User::name, names);
  }

  @Test
  void searchAssets_pagesInCatalogNamespaceNameOrder() {
    String tenant = newTenant();
    List<AssetKey> keys = new ArrayList<>();
    for (String catalog : List.of("c2", "c1", "c10")) {
      newCatalog(tenant, catalog);
      for (String ns : List.of("b", "a", "a.b", "ab")) {
        newNamespace(tenant, catalog, ns);
        for (String name : List.of("z", "m", "a")) {
          keys.add(new AssetKey(catalog, NamespaceName.parse(ns), name));
        }
      }
    }
    shuffled(keys).forEach(k -> newAsset(tenant, k.catalog(), k.namespace(), k.name(), AssetKind.ICEBERG_TABLE));

    assertPagesConcatenateTo(p -> store.searchAssets(tenant, AssetQuery.ALL, p), Asset::key,
        keys.stream().sorted(SEARCH_ORDER).toList());
  }

  @Test
  void queryAudit_pagesNewestFirstIncludingTimestampTies() {
    String tenant = Fixtures.uniqueName("t");
    Instant base = Fixtures.now();
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      events.add(audit(tenant, base.plusSeconds(i / 3)));
    }
    shuffled(events).forEach(store::appendAudit);

    assertPagesConcatenateTo(p -> store.queryAudit(tenant, AuditQuery.ALL, p), Function.identity(),
        events.stream().sorted(AuditTests.NEWEST_FIRST).toList());
  }

  // ---- page requests and tokens -----------------------------------------------------------------------------

  @Test
  void pageRequest_withSizeOutsideOneTo1000_isRejected() {
    assertThatExceptionOfType(ValidationException.class).isThrownBy(() -> PageRequest.first(0));
    assertThatExceptionOfType(ValidationException.class).isThrownBy(() -> PageRequest.first(1001));
    assertThatExceptionOfType(ValidationException.class).isThrownBy(() -> PageRequest.after("x", 0));
    assertThatExceptionOfType(ValidationException.class).isThrownBy(() -> PageRequest.after("x", 1001));
    assertThat(PageRequest.first(1000).size()).isEqualTo(1000);
  }

  /**
   * Listings over one freshly populated tenant, each with at least two items: one per listing method, plus (if
   * {@code withVariants}) the same methods with another parent or a filter.
   */
  private Map<String, Function<PageRequest, Page<?>>> populatedListings(boolean withVariants) {
    Scope s = newScope();
    String t = s.tenant();
    newTenant();
    newWarehouse(t, "wh2");
    newCatalog(t, "cat2");
    newNamespace(t, s.catalog(), "ns2");
    newNamespace(t, s.catalog(), "ns.a");
    newNamespace(t, s.catalog(), "ns.b");
    newAsset(s, "a1");
    newAsset(s, "a2");
    newAsset(s, "v1", AssetKind.ICEBERG_VIEW);
    newAsset(s, "v2", AssetKind.ICEBERG_VIEW);
    newUser(t, "u1");
    newUser(t, "u2");
    store.appendAudit(audit(t, Fixtures.now()));
    store.appendAudit(audit(t, Fixtures.now()));
    Map<String, Function<PageRequest, Page<?>>> listings = new LinkedHashMap<>();
    listings.put("listTenants", store::listTenants);
    listings.put("listWarehouses", p -> store.listWarehouses(t, p));
    listings.put("listCatalogs", p -> store.listCatalogs(t, p));
    listings.put("listNamespaces", p -> store.listNamespaces(t, s.catalog(), NamespaceName.ROOT, p));
    listings.put("listAssets", p -> store.listAssets(t, s.catalog(), s.namespace(), Optional.empty(), p));
    listings.put("listUsers", p -> store.listUsers(t, p));
    listings.put("searchAssets", p -> store.searchAssets(t, AssetQuery.ALL, p));
    listings.put("queryAudit", p -> store.queryAudit(t, AuditQuery.ALL, p));
    if (!withVariants) {
      return listings;
    }
    listings.put("listNamespaces of a parent", p -> store.listNamespaces(t, s.catalog(), s.namespace(), p));
    listings.put("listAssets of a kind",
        p -> store.listAssets(t, s.catalog(), s.namespace(), Optional.of(AssetKind.ICEBERG_VIEW), p));
    // the tokens of listAssetEntries are those of listAssets: only here, not among the "other listings"
    listings.put("listAssetEntries", p -> store.listAssetEntries(t, s.catalog(), s.namespace(), Optional.empty(), p));
    // likewise the tokens of listNamespaceNames are those of listNamespaces
    listings.put("listNamespaceNames", p -> store.listNamespaceNames(t, s.catalog(), NamespaceName.ROOT, p));
    listings.put("searchAssets with a filter",
        p -> store.searchAssets(t, new AssetQuery(Optional.empty(), Optional.of("a"), Optional.empty(),
            Optional.empty(), Optional.empty()), p));
    listings.put("queryAudit with a filter", p -> store.queryAudit(t, new AuditQuery(Optional.of("alice"),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
        p));
    return listings;
  }

  @TestFactory
  Stream<DynamicTest> everyListing_withGarbledToken_failsValidation() {
    return populatedListings(true).entrySet().stream().map(listing -> DynamicTest.dynamicTest(listing.getKey(), () -> {
      for (String garbled : List.of("garbage", "%%%%", "AAAA", "bm90LWEtdG9rZW4", "\u00ff\u0000")) {
        assertThatExceptionOfType(ValidationException.class).as("token %s", garbled)
            .isThrownBy(() -> listing.getValue().apply(PageRequest.after(garbled, 10)));
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> everyListing_withTokenOfAnotherListing_failsValidation() {
    // One listing per method: whether two parents of listNamespaces are "other listings" is left to the store.
    Map<String, Function<PageRequest, Page<?>>> listings = populatedListings(false);
    Map<String, String> tokens = new LinkedHashMap<>();
    listings.forEach((name, listing) -> tokens.put(name,
        listing.apply(PageRequest.first(1)).nextToken().orElseThrow(() -> new AssertionError(name + " has no token"))));
    return listings.entrySet().stream().map(listing -> DynamicTest.dynamicTest(listing.getKey(), () -> {
      tokens.forEach((source, token) -> {
        if (!source.equals(listing.getKey())) {
          assertThatExceptionOfType(ValidationException.class).as("token of %s", source)
              .isThrownBy(() -> listing.getValue().apply(PageRequest.after(token, 10)));
        }
      });
      Page<?> own = listing.getValue().apply(PageRequest.after(tokens.get(listing.getKey()), 10));
      assertThat(own.items()).as("its own token works").isNotEmpty();
    }));
  }

  // ---- keyset semantics -------------------------------------------------------------------------------------

  @Test
  void listAssets_whileItemsAreAddedAndRemoved_showsNewItemsAheadAndNeverRepeats() {
    Scope s = newScope();
    for (String name : List.of("a00", "a02", "a04", "a06", "a08", "a10", "a12", "a14", "a16", "a18")) {
      newAsset(s, name);
    }
    Function<PageRequest, Page<Asset>> listing =
        p -> store.listAssets(s.tenant(), s.catalog(), s.namespace(), Optional.empty(), p);

    Page<Asset> first = listing.apply(PageRequest.first(5));
    newAsset(s, "a03");
    newAsset(s, "a15");
    store.deleteAsset(s.tenant(), s.key("a08"));
    List<Asset> rest = drain(listing, first.nextToken(), 5);

    assertThat(first.items()).extracting(Asset::name).containsExactly("a00", "a02", "a04", "a06", "a08");
    assertThat(rest).extracting(Asset::name).containsExactly("a10", "a12", "a14", "a15", "a16", "a18");
  }

  @Test
  void listNamespaces_whileItemsAreAddedAndRemoved_showsNewItemsAheadAndNeverRepeats() {
    String tenant = newTenant();
    newCatalog(tenant, "cat");
    for (String name : List.of("n0", "n2", "n4", "n6", "n8")) {
      newNamespace(tenant, "cat", name);
    }
    Function<PageRequest, Page<Namespace>> listing = p -> store.listNamespaces(tenant, "cat", NamespaceName.ROOT, p);

    Page<Namespace> first = listing.apply(PageRequest.first(2));
    newNamespace(tenant, "cat", "n1");
    newNamespace(tenant, "cat", "n7");
    store.deleteNamespace(tenant, "cat", NamespaceName.of("n2"));
    List<Namespace> rest = drain(listing, first.nextToken(), 2);

    assertThat(first.items()).extracting(n -> n.name().toString()).containsExactly("n0", "n2");
    assertThat(rest).extracting(n -> n.name().toString()).containsExactly("n4", "n6", "n7", "n8");
  }

  @Test
  void searchAssets_whileItemsAreAdded_showsNewItemsAheadAndNeverRepeats() {
    String tenant = newTenant();
    newCatalog(tenant, "c1");
    newCatalog(tenant, "c2");
    NamespaceName ns = NamespaceName.of("ns");
    newNamespace(tenant, "c1", ns);
    newNamespace(tenant, "c2", ns);
    for (String name : List.of("a", "c", "e")) {
      newAsset(tenant, "c1", ns, name, AssetKind.ICEBERG_TABLE);
      newAsset(tenant, "c2", ns, name, AssetKind.ICEBERG_TABLE);
    }
    Function<PageRequest, Page<Asset>> listing = p -> store.searchAssets(tenant, AssetQuery.ALL, p);

    Page<Asset> first = listing.apply(PageRequest.first(2));
    newAsset(tenant, "c1", ns, "b", AssetKind.ICEBERG_TABLE);
    newAsset(tenant, "c1", ns, "d", AssetKind.ICEBERG_TABLE);
    newAsset(tenant, "c2", ns, "b", AssetKind.ICEBERG_TABLE);
    List<Asset> rest = drain(listing, first.nextToken(), 2);

    assertThat(first.items()).extracting(Asset::key).map(AssetKey::toString).containsExactly("c1.ns.a", "c1.ns.c");
    assertThat(rest).extracting(Asset::key).map(AssetKey::toString)
        .containsExactly("c1.ns.d", "c1.ns.e", "c2.ns.a", "c2.ns.b", "c2.ns.c", "c2.ns.e");
  }

  @Test
  void queryAudit_whileEventsAreAppended_showsOlderEventsAndNotNewerOnes() {
    String tenant = Fixtures.uniqueName("t");
    Instant base = Fixtures.now().minusSeconds(60);
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      events.add(audit(tenant, base.plusSeconds(i)));
    }
    events.forEach(store::appendAudit);
    Function<PageRequest, Page<AuditEvent>> listing = p -> store.queryAudit(tenant, AuditQuery.ALL, p);

    Page<AuditEvent> first = listing.apply(PageRequest.first(3));
    AuditEvent newer = audit(tenant, base.plusMillis(8500));
    AuditEvent older = audit(tenant, base.plusMillis(500));
    store.appendAudit(newer);
    store.appendAudit(older);
    List<AuditEvent> rest = drain(listing, first.nextToken(), 3);

    assertThat(first.items()).containsExactly(events.get(9), events.get(8), events.get(7));
    assertThat(rest).containsExactly(events.get(6), events.get(5), events.get(4), events.get(3), events.get(2),
        events.get(1), older, events.get(0));
  }
}
