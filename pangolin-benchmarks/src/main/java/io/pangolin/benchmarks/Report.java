package io.pangolin.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The results of a run as a text table (stdout) and as Markdown (for docs/performance.md). */
final class Report {
  static final String NEW = "new";
  static final String OLD = "old";

  /** One measured line, or a line that could not be measured ({@code result == null}, {@code failure} says why). */
  record Row(String server, String variant, String scenario, LoadGenerator.Result result, String failure) {}

  private static final String[] COLUMNS = {"server", "variant", "scenario", "req/s", "p50 ms", "p95 ms", "p99 ms",
      "errors", "KB/resp", "CPU srv", "CPU cli", "vs bare", "new/old"};

  private final Map<String, String> facts = new LinkedHashMap<>();
  private final List<Row> rows = new ArrayList<>();
  private boolean compared;

  void fact(String name, String value) {
    facts.put(name, value);
  }

  void add(Row row) {
    rows.add(row);
    compared |= row.server().equals(OLD);
  }

  /** No line failed and no request had an error. */
  boolean clean() {
    return rows.stream().allMatch(r -> r.result() != null && r.result().errorCount() == 0);
  }

  String text() {
    StringBuilder out = new StringBuilder();
    facts.forEach((k, v) -> out.append(String.format("%-12s %s%n", k + ":", v)));
    out.append('\n');
    List<String[]> cells = cells();
    int[] width = new int[COLUMNS.length];
    for (String[] line : cells) {
      for (int c = 0; c < line.length; c++) {
        width[c] = Math.max(width[c], line[c].length());
      }
    }
    for (int r = 0; r < cells.size(); r++) {
      String[] line = cells.get(r);
      for (int c = 0; c < line.length; c++) {
        // text left-aligned, numbers right-aligned
        String fmt = c < 3 ? "%-" + width[c] + "s" : "%" + width[c] + "s";
        out.append(String.format(fmt, line[c])).append(c + 1 < line.length ? "  " : "\n");
      }
      if (r == 0) {
        out.append("-".repeat(java.util.Arrays.stream(width).sum() + 2 * (width.length - 1))).append('\n');
      }
    }
    notes().forEach(n -> out.append("  * ").append(n).append('\n'));
    return out.toString();
  }

  String markdown() {
    StringBuilder out = new StringBuilder("### Pangolin HTTP benchmark\n\n");
    facts.forEach((k, v) -> out.append("* ").append(k).append(": ").append(v).append('\n'));
    out.append('\n');
    List<String[]> cells = cells();
    for (int r = 0; r < cells.size(); r++) {
      out.append("| ").append(String.join(" | ", cells.get(r))).append(" |\n");
      if (r == 0) {
        out.append('|');
        for (int c = 0; c < cells.get(0).length; c++) {
          out.append(c < 3 ? "---|" : "---:|");
        }
        out.append('\n');
      }
    }
    List<String> notes = notes();
    if (!notes.isEmpty()) {
      out.append('\n');
      notes.forEach(n -> out.append("* ").append(n.replace("|", "\\|")).append('\n'));
    }
    return out.toString();
  }

  private List<String[]> cells() {
    List<String[]> cells = new ArrayList<>();
    cells.add(compared ? COLUMNS : java.util.Arrays.copyOf(COLUMNS, COLUMNS.length - 1));
    double bare = rows.stream().filter(r -> r.scenario().equals(Scenario.BARE) && r.result() != null)
        .mapToDouble(r -> r.result().rps()).findFirst().orElse(Double.NaN);
    for (Row row : rows) {
      LoadGenerator.Result r = row.result();
      List<String> line = new ArrayList<>(List.of(row.server(), row.variant(), row.scenario()));
      if (r == null) {
        line.addAll(List.of("failed", "", "", "", "", "", "", "", ""));
      } else {
        line.add(String.format(Locale.ROOT, "%,.0f", r.rps()));
        line.add(millis(r.percentileMillis(50)));
        line.add(millis(r.percentileMillis(95)));
        line.add(millis(r.percentileMillis(99)));
        line.add(Long.toString(r.errorCount()));
        line.add(Double.isNaN(r.avgBodyBytes()) ? "-" : String.format(Locale.ROOT, "%.1f", r.avgBodyBytes() / 1024));
        line.add(percent(r.serverCpu()));
        line.add(percent(r.clientCpu()));
        line.add(ratio(r.rps() / bare));
      }
      if (compared) {
        line.add(row.server().equals(NEW) && r != null ? ratio(r.rps() / oldRps(row)) : "");
      }
      cells.add(line.toArray(String[]::new));
    }
    return cells;
  }

  private double oldRps(Row row) {
    return rows.stream().filter(o -> o.server().equals(OLD) && o.variant().equals(row.variant())
        && o.scenario().equals(row.scenario()) && o.result() != null).mapToDouble(o -> o.result().rps())
        .findFirst().orElse(Double.NaN);
  }

  /** What went wrong where: failed lines and the first error of every line with errors. */
  private List<String> notes() {
    List<String> notes = new ArrayList<>();
    for (Row row : rows) {
      String where = row.server() + "/" + row.variant() + "/" + row.scenario();
      if (row.result() == null) {
        notes.add(where + " failed: " + row.failure());
      } else if (row.result().errorCount() > 0) {
        notes.add(where + " errors " + errors(row.result()) + "; first: " + row.result().firstError());
      }
    }
    return notes;
  }

  private static String errors(LoadGenerator.Result r) {
    return r.errors().entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  static String millis(double ms) {
    if (Double.isNaN(ms)) {
      return "-";
    }
    return String.format(Locale.ROOT, ms < 10 ? "%.2f" : ms < 100 ? "%.1f" : "%.0f", ms);
  }

  static String percent(double share) {
    return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * share);
  }

  private static String ratio(double x) {
    return Double.isNaN(x) || Double.isInfinite(x) ? "-" : String.format(Locale.ROOT, "%.2f", x);
  }
}
