package org.recoverybench.engine;

import java.nio.file.Path;
import org.recoverybench.lab.Lab;
import org.recoverybench.scenario.Scenario;

/** Makes the driver for a target: the one place that knows which class drives which engine. */
public final class EngineDrivers {
  private EngineDrivers() {}

  public static EngineDriver create(Scenario.Target target, Lab lab, Path workDir) {
    return switch (target.engine()) {
      case "flink" -> new FlinkEngineDriver(lab, workDir);
      case "spark" -> new SparkEngineDriver(lab, workDir);
      default -> throw new IllegalArgumentException("no driver for engine " + target.engine());
    };
  }
}
