package org.recoverybench.lab;

import java.nio.file.Path;
import java.util.List;

/**
 * The servers a run needs: a Kafka broker, an S3 server and PostgreSQL. Implementations differ in
 * where those servers come from (child processes, containers, or existing infrastructure); the rest
 * of recoverybench sees only the endpoints and the services.
 */
public interface Lab extends AutoCloseable {
  /** Starts every service and waits until all are healthy. */
  void start();

  Endpoints endpoints();

  /** The services this lab controls; empty for a lab that only points at existing servers. */
  List<LabService> services();

  default LabService service(String name) {
    return services().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new LabException("this lab has no service named " + name));
  }

  /**
   * Engine clusters that already exist and that the harness must use instead of starting its own;
   * none by default.
   */
  default ExistingEngines engines() {
    return ExistingEngines.NONE;
  }

  /**
   * The lab's HDFS, for scenarios with {@code checkpoint_store: hdfs}; empty for a lab without one
   * (only the embedded lab runs HDFS, and only when asked to).
   */
  default java.util.Optional<HdfsEndpoints> hdfs() {
    return java.util.Optional.empty();
  }

  /**
   * The connect string of the lab's ZooKeeper server, for Flink's JobManager high availability
   * ({@code flink_ha: zookeeper}); empty for a lab without one (only the embedded lab runs it, and
   * only when asked to).
   */
  default java.util.Optional<String> zookeeper() {
    return java.util.Optional.empty();
  }

  /** The directory that holds this lab's data and logs. */
  Path workDir();

  /** Stops every service. */
  @Override
  void close();
}
