package io.pangolin.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Prints answers: as an aligned table (the default) or as the server's JSON, pretty-printed ({@code --output json}).
 */
final class Output {
  /** The output formats of {@code --output}. */
  enum Format { table, json }

  /** A table column: its header and the field of each item it shows ({@code a.b} for a nested field). */
  record Column(String header, String field) {}

  private final Format format;
  private final PrintWriter out;

  Output(Format format, PrintWriter out) {
    this.format = format;
    this.out = out;
  }

  boolean json() {
    return format == Format.json;
  }

  static Column col(String header, String field) {
    return new Column(header, field);
  }

  /** A list answer: its items as rows (table), or the whole answer (json). */
  void list(JsonNode answer, JsonNode items, List<Column> columns) {
    if (json()) {
      printJson(answer);
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    items.forEach(item -> rows.add(columns.stream().map(c -> cell(field(item, c.field()))).toList()));
    table(columns.stream().map(Column::header).toList(), rows);
  }

  /** One object: {@code FIELD VALUE} rows of its top-level fields (table), or the object (json). */
  void object(JsonNode answer) {
    if (json()) {
      printJson(answer);
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = answer.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      rows.add(List.of(e.getKey(), cell(e.getValue())));
    }
    table(List.of("FIELD", "VALUE"), rows);
  }

  /** A line of text in table mode (nothing in json mode, where the JSON says it). */
  void note(String line) {
    if (!json()) {
      out.println(line);
      out.flush();
    }
  }

  void printJson(JsonNode answer) {
    try {
      out.println(AdminClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Prints rows under headers, every column as wide as its widest cell, two spaces apart. */
  void table(List<String> headers, List<List<String>> rows) {
    int[] width = new int[headers.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = headers.get(i).length();
      for (List<String> row : rows) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    line(headers, width);
    rows.forEach(r -> line(r, width));
    out.flush();
  }

  private void line(List<String> cells, int[] width) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      b.append(c);
      if (i < cells.size() - 1) {
        b.append(" ".repeat(width[i] - c.length() + 2));
      }
    }
    out.println(b.toString().stripTrailing());
  }

  static JsonNode field(JsonNode item, String path) {
    JsonNode n = item;
    for (String part : path.split("\\.")) {
      n = n.path(part);
    }
    return n;
  }

  /** A cell: text as is, arrays joined with {@code ,}, objects as {@code k=v,…}; control characters shown as ?. */
  static String cell(JsonNode n) {
    String s;
    if (n.isMissingNode() || n.isNull()) {
      s = "";
    } else if (n.isArray()) {
      StringJoiner j = new StringJoiner(",");
      n.forEach(e -> j.add(cell(e)));
      s = j.toString();
    } else if (n.isObject()) {
      StringJoiner j = new StringJoiner(",");
      n.fields().forEachRemaining(e -> j.add(e.getKey() + "=" + cell(e.getValue())));
      s = j.toString();
    } else {
      s = n.asText();
    }
    return s.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
  }
}
