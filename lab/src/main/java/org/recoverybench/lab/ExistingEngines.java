package org.recoverybench.lab;

import java.net.URI;
import java.util.Optional;

/**
 * Engine clusters that already run and that recoverybench uses without owning them: a Flink session
 * cluster (its REST address; jobs are submitted with {@code flink run -m}) and a Spark standalone
 * master (its {@code spark://host:port} URL; the driver runs here, the executors there). Either may
 * be absent, and then the harness starts its own processes for that engine.
 *
 * @param flinkRest e.g. {@code http://127.0.0.1:8081}, or null
 * @param sparkMaster e.g. {@code spark://127.0.0.1:7077}, or null
 */
public record ExistingEngines(String flinkRest, String sparkMaster) {
  public static final ExistingEngines NONE = new ExistingEngines(null, null);

  public ExistingEngines {
    flinkRest = blankToNull(flinkRest);
    sparkMaster = blankToNull(sparkMaster);
    if (flinkRest != null) {
      URI u = parse(flinkRest);
      if (u == null
          || !"http".equals(u.getScheme()) && !"https".equals(u.getScheme())
          || u.getHost() == null
          || u.getPort() < 0) {
        throw new LabException(
            "--flink-rest must look like http://host:port, not '" + flinkRest + "'");
      }
    }
    if (sparkMaster != null) {
      URI u = parse(sparkMaster);
      if (u == null || !"spark".equals(u.getScheme()) || u.getHost() == null || u.getPort() < 0) {
        throw new LabException(
            "--spark-master must look like spark://host:port, not '" + sparkMaster + "'");
      }
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim().replaceAll("/+$", "");
  }

  /** The URI, or null if it is not one. */
  private static URI parse(String s) {
    try {
      return URI.create(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  public Optional<String> flink() {
    return Optional.ofNullable(flinkRest);
  }

  public Optional<String> spark() {
    return Optional.ofNullable(sparkMaster);
  }

  /** {@code host:port} of the Flink REST address, as {@code flink run -m} takes it. */
  public Optional<String> flinkHostPort() {
    return flink().map(URI::create).map(u -> u.getHost() + ":" + u.getPort());
  }
}
