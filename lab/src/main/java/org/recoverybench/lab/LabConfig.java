package org.recoverybench.lab;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the embedded lab. A port of 0 means a free port is picked on 127.0.0.1; a fixed port
 * that is taken fails the start with one line. {@code hdfs} adds a NameNode and a DataNode (for
 * scenarios with {@code checkpoint_store: hdfs}). {@code zookeeper} adds a ZooKeeper server (for
 * Flink's JobManager high availability, {@code flink_ha: zookeeper}). {@code
 * maxPreparedTransactions} is PostgreSQL's setting (64; 0 makes a server that the exactly-once
 * sinks cannot use, for tests of that refusal).
 */
public record LabConfig(
    Path workDir,
    int kafkaPort,
    int kafkaControllerPort,
    int s3Port,
    int postgresPort,
    Duration healthTimeout,
    boolean hdfs,
    int maxPreparedTransactions,
    boolean zookeeper) {

  public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(90);

  public static LabConfig at(Path workDir) {
    return new LabConfig(workDir, 0, 0, 0, 0, DEFAULT_HEALTH_TIMEOUT, false, 64, false);
  }

  public LabConfig withPorts(int kafka, int kafkaController, int s3, int postgres) {
    return new LabConfig(
        workDir,
        kafka,
        kafkaController,
        s3,
        postgres,
        healthTimeout,
        hdfs,
        maxPreparedTransactions,
        zookeeper);
  }

  public LabConfig withHealthTimeout(Duration timeout) {
    return new LabConfig(
        workDir,
        kafkaPort,
        kafkaControllerPort,
        s3Port,
        postgresPort,
        timeout,
        hdfs,
        maxPreparedTransactions,
        zookeeper);
  }

  /** The lab with (or without) HDFS: a NameNode and a DataNode, each its own process. */
  public LabConfig withHdfs(boolean withHdfs) {
    return new LabConfig(
        workDir,
        kafkaPort,
        kafkaControllerPort,
        s3Port,
        postgresPort,
        healthTimeout,
        withHdfs,
        maxPreparedTransactions,
        zookeeper);
  }

  /** The lab with (or without) a ZooKeeper server, its own process. */
  public LabConfig withZooKeeper(boolean withZooKeeper) {
    return new LabConfig(
        workDir,
        kafkaPort,
        kafkaControllerPort,
        s3Port,
        postgresPort,
        healthTimeout,
        hdfs,
        maxPreparedTransactions,
        withZooKeeper);
  }

  /** PostgreSQL's max_prepared_transactions (default 64). */
  public LabConfig withMaxPreparedTransactions(int n) {
    return new LabConfig(
        workDir,
        kafkaPort,
        kafkaControllerPort,
        s3Port,
        postgresPort,
        healthTimeout,
        hdfs,
        n,
        zookeeper);
  }
}
