package io.squares.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.squares.SquaresConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSplitSizingTest {
  @TempDir Path tmp;

  @Test
  void asksForAFewSplitsPerLocalSlot() throws Exception {
    Path a = Files.write(tmp.resolve("a"), new byte[1000]);
    Path b = Files.write(tmp.resolve("b"), new byte[601]);
    Configuration conf = LocalJobs.localConf(); // 2 slots
    long size = LocalSplitSizing.apply(conf, List.of(new org.apache.hadoop.fs.Path(a.toUri()),
        new org.apache.hadoop.fs.Path(b.toUri())));
    assertEquals(401, size); // ceil(1601 / (2 slots x 2))
    assertEquals(401, conf.getLong(FileInputFormat.SPLIT_MINSIZE, 0));
  }

  @Test
  void leavesAUserSettingAndClustersAlone() throws Exception {
    Path a = Files.write(tmp.resolve("a"), new byte[1000]);
    List<org.apache.hadoop.fs.Path> in = List.of(new org.apache.hadoop.fs.Path(a.toUri()));
    Configuration user = LocalJobs.localConf();
    user.setLong(FileInputFormat.SPLIT_MINSIZE, 5000);
    assertEquals(0, LocalSplitSizing.apply(user, in));
    assertEquals(5000, user.getLong(FileInputFormat.SPLIT_MINSIZE, 0));
    Configuration max = LocalJobs.localConf();
    max.setLong(FileInputFormat.SPLIT_MAXSIZE, 100);
    assertEquals(0, LocalSplitSizing.apply(max, in));
    Configuration yarn = new Configuration();
    yarn.set("mapreduce.framework.name", "yarn");
    assertEquals(0, LocalSplitSizing.apply(yarn, in));
    Configuration one = LocalJobs.localConf();
    one.setInt(SquaresConfig.LOCAL_SPLITS_PER_SLOT, 1);
    assertEquals(500, LocalSplitSizing.apply(one, in));
  }
}
