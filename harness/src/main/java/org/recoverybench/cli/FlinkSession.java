package org.recoverybench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.recoverybench.lab.EmbeddedLab;
import org.recoverybench.lab.LabException;
import org.recoverybench.lab.SecretFiles;
import org.recoverybench.lab.flink.FlinkCluster;
import org.recoverybench.process.ManagedProcess;
import org.recoverybench.process.Ports;

/**
 * The Flink session cluster of {@code lab up --flink}: the project's Flink distribution with its
 * {@code flink-conf/} and the lab's S3 endpoint and keys, each JobManager and TaskManager its own
 * JVM on 127.0.0.1, for a platform engineer to submit the job by hand with {@code bin/flink run},
 * kill a TaskManager by its PID and resume from a checkpoint. Its processes are the CLI's children
 * like the lab's, stopped with it.
 */
final class FlinkSession {
  private FlinkSession() {}

  static FlinkCluster start(
      EmbeddedLab lab, int taskManagers, boolean ha, int restPort, PrintWriter out) {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put(
        "rest.port",
        Integer.toString(
            restPort == 0 ? Ports.free() : Ports.claim(restPort, "the Flink REST API")));
    if (ha) {
      String quorum =
          lab.zookeeper()
              .orElseThrow(() -> new LabException("--flink-ha needs the lab's ZooKeeper"));
      conf.putAll(
          FlinkCluster.zooKeeperHa(
              quorum, "s3://" + lab.endpoints().s3Bucket() + "/ha/lab-session", "/lab-session"));
    }
    Path dir = lab.workDir().resolve("flink");
    out.println("Starting a Flink session cluster in " + dir + " ...");
    out.flush();
    FlinkCluster cluster = new FlinkCluster(dir, lab.endpoints(), conf);
    cluster.start(taskManagers, Duration.ofMinutes(3));
    // the job reads the database password from a file (mode 0600): flink run would log it
    Path password =
        SecretFiles.secret(dir.resolve("secrets/jdbc-password"), lab.endpoints().jdbcPassword());
    cluster
        .jobManager()
        .ifPresent(jm -> out.printf("  flink jobmanager   pid %-8d log %s%n", jm.pid(), logs(dir)));
    for (ManagedProcess jm : cluster.standbyJobManagers()) {
      out.printf("  flink standby jm   pid %-8d (takes over when the leader dies)%n", jm.pid());
    }
    int i = 0;
    for (ManagedProcess tm : cluster.taskManagers()) {
      out.printf("  flink taskmanager-%d pid %d%n", i++, tm.pid());
    }
    out.println("Flink (shell-friendly; bin/flink reads FLINK_CONF_DIR):");
    out.println("  FLINK_REST=" + cluster.restUrl());
    out.println("  FLINK_CONF_DIR=" + cluster.confDir());
    out.println("  JDBC_PASSWORD_FILE=" + password);
    out.flush();
    return cluster;
  }

  private static Path logs(Path dir) {
    return dir.resolve("log");
  }
}
