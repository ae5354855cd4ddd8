package io.squares.mapreduce;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Lines as one {@link LineBlock}, as the record reader gives them: offsets of "\n"-ended lines from 0. */
final class LineBlocks {
  private LineBlocks() {}

  static LineBlock of(List<String> lines) {
    LineBlock block = new LineBlock();
    long offset = 0;
    for (String line : lines) {
      byte[] b = line.getBytes(StandardCharsets.UTF_8);
      block.add(offset, b, 0, b.length);
      offset += b.length + 1;
    }
    return block;
  }

  static LineBlock of(String... lines) {
    return of(List.of(lines));
  }
}
