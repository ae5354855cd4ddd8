package io.squares.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.squares.SquaresConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When Squares asks YARN for uber mode, and when it leaves the user's choice alone. */
class UberModeTest {
  @TempDir java.nio.file.Path tmp;

  /** A local filesystem of its own, so that it reads this configuration's block size. */
  private static final String NO_FS_CACHE = "fs.file.impl.disable.cache";

  /** A job configuration as the driver has it: Hadoop's defaults loaded, framework yarn. */
  private static Configuration yarnJobConf(String... keyValues) throws IOException {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "yarn");
    for (int i = 0; i < keyValues.length; i += 2) {
      conf.set(keyValues[i], keyValues[i + 1]);
    }
    return Job.getInstance(conf).getConfiguration();
  }

  private List<Path> files(int count, int bytesEach) throws IOException {
    List<Path> paths = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      java.nio.file.Path f = tmp.resolve("in-" + i + ".csv");
      Files.write(f, new byte[bytesEach]);
      paths.add(new Path(f.toUri()));
    }
    return paths;
  }

  private static String uberSetting(Configuration conf) {
    return conf.get(MRJobConfig.JOB_UBERTASK_ENABLE);
  }

  /** Applies the decision and checks both what was decided and what the job will be told. */
  private static void assertDecides(UberMode.Decision decision, String setting, Configuration conf,
      List<Path> inputs) throws IOException {
    assertEquals(decision, UberMode.apply(conf, inputs));
    assertEquals(setting, uberSetting(conf));
  }

  @Test
  void smallInputOnYarnAsksForUberMode() throws Exception {
    Configuration conf = yarnJobConf();
    assertFalse(UberMode.userSet(conf, MRJobConfig.JOB_UBERTASK_ENABLE), "Hadoop's default is not the user's");
    assertDecides(UberMode.Decision.SMALL_INPUT, "true", conf, files(2, 1000));
  }

  @Test
  void inputOverTheLimitKeepsTaskContainers() throws Exception {
    Configuration conf = yarnJobConf(SquaresConfig.UBER_MAX_BYTES, "1999");
    assertDecides(UberMode.Decision.LARGE_INPUT, "false", conf, files(2, 1000));
    Configuration atLimit = yarnJobConf(SquaresConfig.UBER_MAX_BYTES, "2000");
    assertEquals(UberMode.Decision.SMALL_INPUT, UberMode.apply(atLimit, files(2, 1000)));
  }

  @Test
  void moreFilesThanUberMapsKeepsTaskContainers() throws Exception {
    Configuration conf = yarnJobConf(MRJobConfig.JOB_UBERTASK_MAXMAPS, "3");
    assertDecides(UberMode.Decision.LARGE_INPUT, "false", conf, files(4, 10));
  }

  @Test
  void inputOverOneBlockKeepsTaskContainersSoThatItsMapsSpreadOverTheWorkers() throws Exception {
    // Hadoop's ApplicationMaster would refuse it too (maxbytes defaults to the block size), but
    // with maxbytes raised it would run every map in one JVM on one node, one after another.
    Configuration conf = yarnJobConf(NO_FS_CACHE, "true", "fs.local.block.size", "1000", MRJobConfig.JOB_UBERTASK_MAXBYTES, "");
    assertDecides(UberMode.Decision.LARGE_INPUT, "false", conf, files(1, 1001));
    Configuration oneBlock = yarnJobConf(NO_FS_CACHE, "true", "fs.local.block.size", "1000");
    assertDecides(UberMode.Decision.SMALL_INPUT, "true", oneBlock, files(1, 1000));
    Configuration twoSmallFiles = yarnJobConf(NO_FS_CACHE, "true", "fs.local.block.size", "1000");
    assertDecides(UberMode.Decision.LARGE_INPUT, "false", twoSmallFiles, files(2, 600));
  }

  @Test
  void hadoopsUberMaxBytesWhenSetIsTheLimitInsteadOfTheBlockSize() throws Exception {
    Configuration lower = yarnJobConf(MRJobConfig.JOB_UBERTASK_MAXBYTES, "1500");
    assertDecides(UberMode.Decision.LARGE_INPUT, "false", lower, files(2, 1000));
    Configuration raised = yarnJobConf(NO_FS_CACHE, "true", "fs.local.block.size", "1000", MRJobConfig.JOB_UBERTASK_MAXBYTES, "5000");
    assertDecides(UberMode.Decision.SMALL_INPUT, "true", raised, files(2, 1000));
  }

  @Test
  void zeroLimitNeverAsks() throws Exception {
    Configuration conf = yarnJobConf(SquaresConfig.UBER_MAX_BYTES, "0");
    assertDecides(UberMode.Decision.LARGE_INPUT, "false", conf, files(1, 10));
  }

  @Test
  void explicitSettingIsLeftAsSetEitherWay() throws Exception {
    Configuration off = yarnJobConf(MRJobConfig.JOB_UBERTASK_ENABLE, "false");
    assertDecides(UberMode.Decision.USER_SETTING, "false", off, files(1, 10));

    Configuration on = yarnJobConf(MRJobConfig.JOB_UBERTASK_ENABLE, "true", SquaresConfig.UBER_MAX_BYTES, "1");
    assertDecides(UberMode.Decision.USER_SETTING, "true", on, files(1, 10));
  }

  @Test
  void localModeIsNotAffected() throws Exception {
    Configuration conf = LocalJobs.localConf();
    assertEquals(UberMode.Decision.NOT_YARN, UberMode.apply(conf, files(1, 10)));
    assertFalse(conf.getBoolean(MRJobConfig.JOB_UBERTASK_ENABLE, false), "left at Hadoop's default");
  }
}
