package io.squares;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON files' layout (expected text written out by hand) and round trips of hostile strings. */
class JsonTextTest {
  @Test
  void layoutIsTwoSpaceIndentedWithKeyColonSpaceValue() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("command", "stats");
    m.put("uber", false);
    m.put("inputs", List.of("file:/a", "file:/b"));
    m.put("options", new LinkedHashMap<>());
    m.put("none", new ArrayList<>());
    m.put("sample", null);
    m.put("timings", new LinkedHashMap<>(Map.of("job_ms", 917L)));
    m.put("ratio", 1.5);
    assertEquals("{\n"
        + "  \"command\": \"stats\",\n"
        + "  \"uber\": false,\n"
        + "  \"inputs\": [\n"
        + "    \"file:/a\",\n"
        + "    \"file:/b\"\n"
        + "  ],\n"
        + "  \"options\": {},\n"
        + "  \"none\": [],\n"
        + "  \"sample\": null,\n"
        + "  \"timings\": {\n"
        + "    \"job_ms\": 917\n"
        + "  },\n"
        + "  \"ratio\": 1.5\n"
        + "}\n", JsonText.write(m));
  }

  @Test
  void controlCharactersQuotesAndNonBmpTextRoundTrip() throws Exception {
    String hostile = "q\"uote \\ back\ttab\nlf\rcr\u0000nul\u0001\u001f\u007f \u00e9 \ud83d\ude00 \u2028";
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(hostile, hostile);
    m.put("list", List.of(hostile, "\ud834\udd1e"));
    String text = JsonText.write(m);
    for (char c : text.toCharArray()) {
      if (c < 0x20) {
        assertEquals(true, c == '\n', "only line breaks of the layout are raw: " + (int) c);
      }
    }
    assertEquals(m, new ObjectMapper().readValue(text, Map.class));
    assertEquals(2, text.lines().filter(l -> l.contains("\\\"uote")).count(), "key and value escaped: " + text);
  }
}
