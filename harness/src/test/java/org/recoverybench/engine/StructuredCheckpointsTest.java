package org.recoverybench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StructuredCheckpointsTest {
  /** An offsets log file as Structured Streaming writes it: a version, metadata, one source. */
  private static final String OFFSETS =
      "v1\n"
          + "{\"batchWatermarkMs\":0,\"batchTimestampMs\":1764745200000,\"conf\":"
          + "{\"spark.sql.shuffle.partitions\":\"200\"}}\n"
          + "{\"rb-topic-1\":{\"2\":1340,\"1\":1297,\"0\":1363}}";

  @Test
  void theEndOffsetsOfTheTopicAreReadByPartition() {
    assertThat(StructuredCheckpoints.offsetsOf(OFFSETS, "rb-topic-1"))
        .containsExactly(Map.entry(0, 1363L), Map.entry(1, 1297L), Map.entry(2, 1340L));
    assertThat(StructuredCheckpoints.offsetsOf(OFFSETS, "another-topic")).isEmpty();
    assertThat(StructuredCheckpoints.offsetsOf("v1\n{not json\n", "rb-topic-1")).isEmpty();
  }

  @Test
  void onlyTheLogsOwnFilesHaveABatchId() {
    assertThat(StructuredCheckpoints.batchOf("run/t1/offsets/12", "offsets")).isEqualTo(12);
    assertThat(StructuredCheckpoints.batchOf("run/t1/commits/12", "commits")).isEqualTo(12);
    assertThat(StructuredCheckpoints.batchOf("run/t1/commits/12", "offsets")).isEqualTo(-1);
    // the temporary file an offsets file is renamed from, and the query's metadata
    assertThat(StructuredCheckpoints.batchOf("run/t1/offsets/.12.3f2a.tmp", "offsets"))
        .isEqualTo(-1);
    assertThat(StructuredCheckpoints.batchOf("run/t1/metadata", "offsets")).isEqualTo(-1);
  }

  @Test
  void anUploadToEitherLogIsCaught() {
    var p = StructuredCheckpoints.uploadRequest("recoverybench", "run/t1/");
    assertThat(p.matcher("PUT /recoverybench/run/t1/offsets/.3.ab12.tmp HTTP/1.1").lookingAt())
        .isTrue();
    assertThat(p.matcher("PUT /recoverybench/run/t1/commits/3 HTTP/1.1").lookingAt()).isTrue();
    assertThat(p.matcher("PUT /recoverybench/run/t1/sources/0/0 HTTP/1.1").lookingAt()).isFalse();
    assertThat(p.matcher("GET /recoverybench/run/t1/offsets/3 HTTP/1.1").lookingAt()).isFalse();
  }
}
