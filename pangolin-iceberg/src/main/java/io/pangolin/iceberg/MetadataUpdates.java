package io.pangolin.iceberg;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.MetadataUpdateParser;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.UpdateRequirement;
import org.apache.iceberg.UpdateRequirementParser;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.view.SQLViewRepresentation;
import org.apache.iceberg.view.ViewMetadata;
import org.apache.iceberg.view.ViewRepresentation;
import org.apache.iceberg.view.ViewVersion;

/**
 * Checks a commit's requirements and applies its updates with Iceberg's metadata builders, entirely in memory, so
 * that a commit is refused <em>before</em> anything is written. A requirement that does not hold is Iceberg's
 * {@link CommitFailedException} (409); every other way a request can be wrong is a {@link BadRequestException}
 * (400) naming the update: an update the builder refuses (including the ones it fails on without a message, such
 * as a default spec or sort order id that does not exist), a requirement or update of the wrong kind (a view update
 * on a table, a table requirement on a view), metadata the builder cannot assemble from the updates, and what
 * Iceberg 1.10's builder would accept but the catalog refuses:
 *
 * <ul>
 *   <li>{@code assign-uuid} with another UUID than the table's (the UUID identifies the table; a client only assigns
 *       it when creating the table);
 *   <li>{@code set-statistics} / {@code set-partition-statistics} for a snapshot the table does not have;
 *   <li>{@code set-snapshot-ref} with a blank name, or making {@code main} a tag;
 *   <li>a view version without a representation, or with a representation of another type than {@code sql}.
 * </ul>
 */
final class MetadataUpdates {
  /** Messages that would name implementation classes are replaced by a generic one. */
  private static final Pattern CLASS_NAME = Pattern.compile("\\b(java|javax|jdk|sun|com|org|io)\\.[a-z]");

  private MetadataUpdates() {}

  /** The metadata of an existing table after the request: requirements checked against {@code base}, then updates. */
  static TableMetadata apply(TableMetadata base, UpdateTableRequest request) {
    requirements(request.requirements(), r -> r.validate(base), "table");
    return table(() -> TableMetadata.buildFrom(base), base.uuid(), request.updates());
  }

  /**
   * The metadata of a table created by the request (a create commit after {@code stage-create}): its only requirement
   * is {@code assert-create}; the format version is the one an {@code upgrade-format-version} update asks for.
   */
  static TableMetadata create(UpdateTableRequest request) {
    for (UpdateRequirement r : request.requirements()) {
      if (!(r instanceof UpdateRequirement.AssertTableDoesNotExist)) {
        throw new BadRequestException("Invalid create requirement %s: a create commit only asserts that the table "
            + "does not exist", requirementType(r));
      }
    }
    Optional<Integer> formatVersion = request.updates().stream()
        .filter(MetadataUpdate.UpgradeFormatVersion.class::isInstance)
        .map(u -> ((MetadataUpdate.UpgradeFormatVersion) u).formatVersion())
        .findFirst();
    Supplier<TableMetadata.Builder> empty = () -> formatVersion.map(TableMetadata::buildFromEmpty)
        .orElseGet(TableMetadata::buildFromEmpty);
    build(empty, "table"); // an unsupported format version
    return table(empty, null, request.updates());
  }

  private static TableMetadata table(Supplier<TableMetadata.Builder> start, String uuid, List<MetadataUpdate> updates) {
    TableMetadata.Builder builder = start.get();
    updates(updates, uuid, u -> u.applyTo(builder), "table");
    TableMetadata updated;
    try {
      updated = builder.build();
    } catch (NullPointerException e) {
      throw unknownDefault(start, updates, e);
    } catch (RuntimeException e) {
      throw new BadRequestException(e, "Invalid table metadata after the updates: %s",
          reason(e, "the updates are inconsistent"));
    }
    checkTable(updated, updates);
    return updated;
  }

  /**
   * The builder accepts {@code set-default-spec} and {@code set-default-sort-order} with an id it does not have, and
   * fails without a message when it builds: find the update, from the specs and sort orders the other updates
   * leave.
   */
  private static BadRequestException unknownDefault(Supplier<TableMetadata.Builder> start,
      List<MetadataUpdate> updates, RuntimeException failure) {
    try {
      // the same updates without the defaults (set to the last added one instead, which always exists)
      TableMetadata.Builder probe = start.get();
      for (MetadataUpdate u : updates) {
        if (!(u instanceof MetadataUpdate.SetDefaultPartitionSpec)
            && !(u instanceof MetadataUpdate.SetDefaultSortOrder)) {
          u.applyTo(probe);
        }
      }
      if (updates.stream().anyMatch(MetadataUpdate.AddPartitionSpec.class::isInstance)) {
        new MetadataUpdate.SetDefaultPartitionSpec(-1).applyTo(probe);
      }
      if (updates.stream().anyMatch(MetadataUpdate.AddSortOrder.class::isInstance)) {
        new MetadataUpdate.SetDefaultSortOrder(-1).applyTo(probe);
      }
      TableMetadata without = probe.build();
      for (int i = 0; i < updates.size(); i++) {
        MetadataUpdate u = updates.get(i);
        if (u instanceof MetadataUpdate.SetDefaultPartitionSpec s && s.specId() != -1
            && !without.specsById().containsKey(s.specId())) {
          return new BadRequestException(failure, "Invalid update #%d (set-default-spec): unknown partition spec id "
              + "%d", i + 1, s.specId());
        }
        if (u instanceof MetadataUpdate.SetDefaultSortOrder s && s.sortOrderId() != -1
            && !without.sortOrdersById().containsKey(s.sortOrderId())) {
          return new BadRequestException(failure, "Invalid update #%d (set-default-sort-order): unknown sort order "
              + "id %d", i + 1, s.sortOrderId());
        }
      }
    } catch (RuntimeException e) {
      // the plain message then
    }
    return new BadRequestException(failure, "Invalid table metadata after the updates: an update refers to "
        + "something that does not exist");
  }

  /** The metadata of a view after the request: requirements checked against {@code base}, then updates. */
  static ViewMetadata apply(ViewMetadata base, UpdateTableRequest request) {
    requirements(request.requirements(), r -> r.validate(base), "view");
    for (MetadataUpdate u : request.updates()) {
      if (u instanceof MetadataUpdate.AddViewVersion add) {
        checkRepresentations(add.viewVersion().representations());
      }
    }
    ViewMetadata.Builder builder = ViewMetadata.buildFrom(base);
    updates(request.updates(), base.uuid(), u -> u.applyTo(builder), "view");
    return build(builder::build, "view");
  }

  /** Refuses a view version without representations or with one that is not SQL. */
  static void checkRepresentations(List<ViewRepresentation> representations) {
    if (representations == null || representations.isEmpty()) {
      throw new BadRequestException("Invalid view version: it needs at least one SQL representation");
    }
    for (ViewRepresentation r : representations) {
      if (!(r instanceof SQLViewRepresentation)) {
        throw new BadRequestException("Invalid view version: unsupported representation type '%s' (supported: sql)",
            clean(r.type()));
      }
    }
  }

  /** The version the view is created with, checked like the versions of {@code add-view-version}. */
  static void checkViewVersion(ViewVersion version) {
    if (version == null) {
      throw new BadRequestException("Invalid view: view-version is required");
    }
    checkRepresentations(version.representations());
  }

  private static void requirements(List<UpdateRequirement> requirements, Consumer<UpdateRequirement> validate,
      String what) {
    for (UpdateRequirement r : requirements) {
      try {
        validate.accept(r);
      } catch (CommitFailedException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new BadRequestException(e, "Invalid requirement %s for a %s: %s", requirementType(r), what,
            reason(e, "it does not apply"));
      }
    }
  }

  /**
   * Applies the updates one by one, so a failure names its update. {@code uuid} is the UUID of the existing table or
   * view (null when creating).
   */
  private static void updates(List<MetadataUpdate> updates, String uuid, Consumer<MetadataUpdate> apply,
      String what) {
    for (int i = 0; i < updates.size(); i++) {
      MetadataUpdate u = updates.get(i);
      if (u == null) {
        throw new BadRequestException("Invalid update #%d: null", i + 1);
      }
      if (u instanceof MetadataUpdate.AssignUUID assign && uuid != null && !uuid.equals(assign.uuid())) {
        throw new BadRequestException("Invalid update #%d (assign-uuid): the UUID of an existing %s cannot be "
            + "changed (it is %s)", i + 1, what, uuid);
      }
      if (u instanceof MetadataUpdate.SetSnapshotRef ref) {
        if (ref.name() == null || ref.name().isBlank()) {
          throw new BadRequestException("Invalid update #%d (set-snapshot-ref): the ref name must not be blank", i + 1);
        }
        if (SnapshotRef.MAIN_BRANCH.equals(ref.name()) && "tag".equalsIgnoreCase(ref.type())) {
          throw new BadRequestException("Invalid update #%d (set-snapshot-ref): %s must be a branch, not a tag",
              i + 1, SnapshotRef.MAIN_BRANCH);
        }
      }
      try {
        apply.accept(u);
      } catch (UnsupportedOperationException e) {
        throw new BadRequestException(e, "Invalid update #%d (%s): it does not apply to a %s", i + 1, action(u),
            what);
      } catch (RuntimeException e) {
        throw new BadRequestException(e, "Invalid update #%d (%s): %s", i + 1, action(u), reason(u, e));
      }
    }
  }

  private static <T> T build(Supplier<T> build, String what) {
    try {
      return build.get();
    } catch (BadRequestException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new BadRequestException(e, "Invalid %s metadata after the updates: %s", what,
          reason(e, "the updates are inconsistent"));
    }
  }

  /** What the builder accepts but the catalog refuses: statistics of snapshots that do not exist. */
  private static void checkTable(TableMetadata updated, List<MetadataUpdate> updates) {
    for (MetadataUpdate u : updates) {
      if (u instanceof MetadataUpdate.SetStatistics s && s.statisticsFile() != null
          && updated.snapshot(s.statisticsFile().snapshotId()) == null) {
        throw new BadRequestException("Invalid update (set-statistics): unknown snapshot %s",
            s.statisticsFile().snapshotId());
      }
      if (u instanceof MetadataUpdate.SetPartitionStatistics s && s.partitionStatisticsFile() != null
          && updated.snapshot(s.partitionStatisticsFile().snapshotId()) == null) {
        throw new BadRequestException("Invalid update (set-partition-statistics): unknown snapshot %s",
            s.partitionStatisticsFile().snapshotId());
      }
    }
  }

  /** Why an update failed: the builder's message, or for the failures it gives none, what was wrong. */
  private static String reason(MetadataUpdate u, RuntimeException e) {
    if (e instanceof NullPointerException) {
      return "a required value is missing or refers to something that does not exist";
    }
    return reason(e, "it does not apply to the current metadata");
  }

  private static String reason(RuntimeException e, String fallback) {
    String message = e.getMessage();
    if (e instanceof NullPointerException || message == null || message.isBlank()
        || CLASS_NAME.matcher(message).find()) {
      return fallback;
    }
    return clean(message);
  }

  private static String clean(String s) {
    String one = String.valueOf(s).replaceAll("\\s+", " ").strip();
    return one.length() <= 300 ? one : one.substring(0, 300) + "…";
  }

  /** The update's {@code action} as the spec names it. */
  static String action(MetadataUpdate u) {
    try {
      return IcebergJson.mapper().readTree(MetadataUpdateParser.toJson(u)).path("action").asText("update");
    } catch (RuntimeException | java.io.IOException e) {
      return "update";
    }
  }

  private static String requirementType(UpdateRequirement r) {
    try {
      return IcebergJson.mapper().readTree(UpdateRequirementParser.toJson(r)).path("type").asText("requirement");
    } catch (RuntimeException | java.io.IOException e) {
      return r == null ? "null" : "requirement";
    }
  }
}
