package org.recoverybench.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.recoverybench.lab.workload.EventFormat;

class ContractTest {
  @Test
  void eventFormatPlacesIdsRoundRobinSoOffsetsArePredictable() {
    assertThat(EventFormat.value(4711, 1_764_000_000_000L, "xx"))
        .isEqualTo("4711,1764000000000,xx");
    assertThat(EventFormat.partition(0, 3)).isZero();
    assertThat(EventFormat.partition(4, 3)).isEqualTo(1);
    assertThat(EventFormat.partition(5, 3)).isEqualTo(2);
    assertThat(EventFormat.payload(3)).isEqualTo("xxx");
  }

  @Test
  void sinkSchemaHoldsTheContractColumns() {
    String sql = SinkSchema.sql();
    for (String column :
        new String[] {
          "run_id",
          "engine",
          "variant",
          "topic",
          "kafka_partition",
          "kafka_offset",
          "event_id",
          "event_time",
          "incarnation",
          "written_at"
        }) {
      assertThat(sql).contains(column);
    }
    assertThat(sql).contains("CREATE TABLE IF NOT EXISTS sink_writes");
    assertThat(sql).contains("AFTER INSERT OR UPDATE ON sink_upsert");
  }
}
