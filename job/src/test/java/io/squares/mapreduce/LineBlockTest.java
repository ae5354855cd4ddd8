package io.squares.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A {@link LineBlock} survives serialization, too-long lines (prefix and full length) included. */
class LineBlockTest {
  @Test
  void roundTripKeepsOffsetsLinesAndTooLongLengths() throws Exception {
    byte[] buf = "a,1\nxxxxxxxxxx\nb,2".getBytes(StandardCharsets.US_ASCII);
    LineBlock block = new LineBlock();
    block.wrap(buf);
    block.addLine(100, 0, 3);
    block.addTooLong(104, 4, 8, 5_000_000_000L);
    block.addLine(5_000_000_105L, 15, 18);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    block.write(new DataOutputStream(bytes));
    LineBlock copy = new LineBlock();
    copy.readFields(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

    assertEquals(3, copy.size());
    String[] text = {"a,1", "xxxx", "b,2"};
    long[] offsets = {100, 104, 5_000_000_105L};
    long[] lengths = {3, 5_000_000_000L, 3};
    for (int i = 0; i < 3; i++) {
      assertEquals(text[i], new String(copy.data(), copy.start(i), copy.end(i) - copy.start(i), StandardCharsets.US_ASCII));
      assertEquals(offsets[i], copy.offset(i));
      assertEquals(lengths[i], copy.length(i));
      assertEquals(i == 1, copy.tooLong(i));
      assertEquals(block.tooLong(i), copy.tooLong(i));
    }
    assertFalse(copy.tooLong(0));
    assertTrue(copy.tooLong(1));
  }
}
