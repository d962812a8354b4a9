package org.recoverybench.bench;

import java.nio.file.Path;
import java.util.List;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.ExistingEngines;
import org.recoverybench.lab.Lab;
import org.recoverybench.lab.LabService;

/** The bench's lab, but with a running Flink cluster that the Flink targets share. */
record SharedFlink(Lab lab, String restUrl) implements Lab {
  @Override
  public void start() {}

  @Override
  public Endpoints endpoints() {
    return lab.endpoints();
  }

  @Override
  public List<LabService> services() {
    return lab.services();
  }

  @Override
  public ExistingEngines engines() {
    return new ExistingEngines(restUrl, null);
  }

  @Override
  public Path workDir() {
    return lab.workDir();
  }

  @Override
  public void close() {}
}
