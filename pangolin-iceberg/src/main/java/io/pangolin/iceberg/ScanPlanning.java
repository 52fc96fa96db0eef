package io.pangolin.iceberg;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.CombinedScanTask;
import org.apache.iceberg.ContentFileParser;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Scan;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.IncrementalAppendScan;
import org.apache.iceberg.expressions.ExpressionParser;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.PlanStatus;
import org.apache.iceberg.rest.requests.PlanTableScanRequest;
import org.apache.iceberg.rest.responses.PlanTableScanResponse;
import org.apache.iceberg.util.JsonUtil;

/**
 * Server-side scan planning, done synchronously: a plan request is answered with status {@code completed} and all
 * file scan tasks (with their delete files), planned by Iceberg's own {@link TableScan} or
 * {@link IncrementalAppendScan}. No plan ids or plan tasks are handed out, so fetching or cancelling a plan and
 * fetching plan tasks always answer 404.
 */
final class ScanPlanning {
  /** Stands for "the current snapshot" in a parsed request (real snapshot ids are positive). */
  static final long CURRENT_SNAPSHOT = Long.MIN_VALUE;

  private ScanPlanning() {}

  static PlanTableScanResponse plan(Table table, PlanTableScanRequest request) {
    List<FileScanTask> tasks;
    if (request.startSnapshotId() != null) {
      IncrementalAppendScan scan = table.newIncrementalAppendScan()
          .fromSnapshotExclusive(request.startSnapshotId());
      if (request.endSnapshotId() != null) {
        scan = scan.toSnapshot(request.endSnapshotId());
      }
      tasks = planFiles(scan, request);
    } else {
      TableScan scan = table.newScan();
      if (request.snapshotId() != null && request.snapshotId() != CURRENT_SNAPSHOT) {
        scan = scan.useSnapshot(request.snapshotId());
      }
      tasks = planFiles(scan, request);
    }
    Map<String, DeleteFile> deletes = new LinkedHashMap<>();
    for (FileScanTask task : tasks) {
      task.deletes().forEach(d -> deletes.putIfAbsent(d.location(), d));
    }
    return PlanTableScanResponse.builder().withPlanStatus(PlanStatus.COMPLETED).withFileScanTasks(tasks)
        .withDeleteFiles(new ArrayList<>(deletes.values())).withSpecsById(table.specs()).build();
  }

  private static <S extends Scan<S, FileScanTask, CombinedScanTask>> List<FileScanTask> planFiles(S scan,
      PlanTableScanRequest request) {
    S s = scan.caseSensitive(request.caseSensitive());
    if (request.filter() != null) {
      s = s.filter(request.filter());
    }
    if (request.select() != null && !request.select().isEmpty()) {
      s = s.select(request.select());
    }
    if (request.statsFields() != null && !request.statsFields().isEmpty()) {
      s = s.includeColumnStats(request.statsFields());
    }
    List<FileScanTask> tasks = new ArrayList<>();
    try (CloseableIterable<FileScanTask> planned = s.planFiles()) {
      planned.forEach(tasks::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tasks;
  }

  /**
   * The JSON of a completed plan in the spec's shape. Written here rather than by Iceberg's 1.10 serializer, which
   * lets each task's {@code delete-file-references} accumulate the references of the tasks before it.
   */
  static String toJson(PlanTableScanResponse response) {
    return JsonUtil.generate(gen -> write(response, gen), false);
  }

  private static void write(PlanTableScanResponse response, JsonGenerator gen) throws IOException {
    Map<Integer, PartitionSpec> specs = response.specsById();
    gen.writeStartObject();
    gen.writeStringField("plan-status", response.planStatus().status());
    Map<String, Integer> deleteIndex = new LinkedHashMap<>();
    List<DeleteFile> deletes = response.deleteFiles() == null ? List.of() : response.deleteFiles();
    if (!deletes.isEmpty()) {
      gen.writeArrayFieldStart("delete-files");
      for (DeleteFile d : deletes) {
        deleteIndex.put(d.location(), deleteIndex.size());
        ContentFileParser.toJson(d, specs.get(d.specId()), gen);
      }
      gen.writeEndArray();
    }
    if (response.fileScanTasks() != null) {
      gen.writeArrayFieldStart("file-scan-tasks");
      for (FileScanTask task : response.fileScanTasks()) {
        gen.writeStartObject();
        gen.writeFieldName("data-file");
        ContentFileParser.toJson(task.file(), specs.get(task.file().specId()), gen);
        if (!task.deletes().isEmpty()) {
          gen.writeArrayFieldStart("delete-file-references");
          for (DeleteFile d : task.deletes()) {
            gen.writeNumber(deleteIndex.get(d.location()));
          }
          gen.writeEndArray();
        }
        if (task.residual() != null) {
          gen.writeFieldName("residual-filter");
          ExpressionParser.toJson(task.residual(), gen);
        }
        gen.writeEndObject();
      }
      gen.writeEndArray();
    }
    gen.writeEndObject();
  }
}
