package io.pangolin.admin;

import static io.pangolin.admin.Output.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputTest {
  private final StringWriter text = new StringWriter();

  private static JsonNode json(String s) throws Exception {
    return AdminClient.JSON.readTree(s);
  }

  @Test
  void table_alignsEveryColumnToItsWidestCell() throws Exception {
    JsonNode answer = json("{\"items\":[{\"name\":\"a\",\"kind\":\"ICEBERG_TABLE\",\"p\":{\"k\":\"v\",\"x\":\"y\"}},"
        + "{\"name\":\"longer_name\",\"kind\":\"ML_MODEL\",\"p\":{}}],\"nextPageToken\":null}");
    new Output(Output.Format.table, new PrintWriter(text)).list(answer, answer.path("items"),
        List.of(col("NAME", "name"), col("KIND", "kind"), col("PROPS", "p")));
    assertThat(text.toString().lines().toList()).containsExactly(
        "NAME         KIND           PROPS",
        "a            ICEBERG_TABLE  k=v,x=y",
        "longer_name  ML_MODEL");
  }

  @Test
  void json_isTheAnswerPrettyPrinted() throws Exception {
    JsonNode answer = json("{\"items\":[{\"name\":\"a\"}],\"nextPageToken\":\"t\"}");
    new Output(Output.Format.json, new PrintWriter(text)).list(answer, answer.path("items"),
        List.of(col("NAME", "name")));
    assertThat(json(text.toString())).isEqualTo(answer);
    assertThat(text.toString()).contains("\n");
  }

  @Test
  void object_isFieldValueRows_andNestedFieldsAreReachable() throws Exception {
    JsonNode o = json("{\"id\":\"g1\",\"grantee\":{\"kind\":\"role\",\"name\":\"analyst\"},\"privileges\":[\"list\","
        + "\"read\"],\"none\":null}");
    new Output(Output.Format.table, new PrintWriter(text)).object(o);
    assertThat(text.toString().lines().toList()).containsExactly(
        "FIELD       VALUE",
        "id          g1",
        "grantee     kind=role,name=analyst",
        "privileges  list,read",
        "none");
    assertThat(Output.cell(Output.field(o, "grantee.name"))).isEqualTo("analyst");
  }

  @Test
  void controlCharactersInValues_cannotMoveTheTerminalCursor() throws Exception {
    assertThat(Output.cell(json("\"a\\u001b[2Jb\\nc\""))).isEqualTo("a?[2Jb?c");
  }
}
