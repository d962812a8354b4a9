package org.recoverybench.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.recoverybench.decision.Options;

class BenchTargetsTest {
  @Test
  void theThroughputTargetsAreTheRegistrysEngineRunsNamedByTheirPlainOption() {
    assertThat(Options.DEFAULT.targets().stream().map(BenchCommand::targetName))
        .containsExactly(
            "flink-exactly-once",
            "flink-upsert",
            "flink-append",
            "spark-transactional",
            "spark-recoverable-upsert",
            "spark-recoverable-append",
            "spark-as-written",
            "spark-structured-idempotent",
            "spark-structured");
  }
}
