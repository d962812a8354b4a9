package org.recoverybench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recoverybench.lab.EmbeddedLab;
import org.recoverybench.lab.LabClients;
import org.recoverybench.lab.LabConfig;
import org.recoverybench.lab.WorkDirs;
import org.recoverybench.result.TrialResult;

/**
 * The stateful pipeline on a real Flink cluster (10,000 keys, 64 bytes of keyed state each, RocksDB
 * incremental checkpoints on S3) with the exactly-once sink, through a TaskManager {@code kill -9}:
 * every id written once, and every key's count and sum in {@code sink_state} what the produced ids
 * make it, counted by the test's own SQL against {@code generate_series}, and by the harness's
 * state check.
 */
class StateITCase {
  private static final long RECORDS = 20_000;
  private static final long KEYS = 10_000;
  private static EmbeddedLab lab;
  private static Path work;

  @BeforeAll
  static void startLab() {
    work = WorkDirs.freshForTest("state-itcase");
    lab =
        new EmbeddedLab(LabConfig.at(work.resolve("lab")).withHealthTimeout(Duration.ofMinutes(4)));
    lab.start();
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void flinkExactlyOnceKeepsEveryKeysStateRightThroughATaskManagerKill() throws Exception {
    TrialResult r =
        ScenarioTrials.runOne(
            lab, work, work.resolve("results"), "it-state-kill-taskmanager", "flink");
    ScenarioTrials.assertExactlyOnceBySql(lab, r, RECORDS);
    assertThat(r.faults()).hasSize(1);
    assertThat(r.faults().get(0).firstWriteMs()).as("a write after the kill").isNotNull();
    long rows;
    long wrong;
    try (Connection c = LabClients.jdbc(lab.endpoints());
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*), count(*) FILTER (WHERE ROW(s.record_count, s.value_sum)"
                    + " IS DISTINCT FROM (SELECT ROW(count(*)::bigint, coalesce(sum(g), 0)::bigint)"
                    + " FROM generate_series(0::bigint, ?::bigint - 1) g WHERE g % ? = s.state_key))"
                    + " FROM sink_state s WHERE s.run_id = ?")) {
      ps.setLong(1, RECORDS);
      ps.setLong(2, KEYS);
      ps.setString(3, r.runId());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        rows = rs.getLong(1);
        wrong = rs.getLong(2);
      }
    }
    System.out.printf("STATE: %d state rows, %d wrong by SQL; check: %s%n", rows, wrong, r.state());
    assertThat(rows).as("one state row per key").isEqualTo(KEYS);
    assertThat(wrong).as("keys whose count or sum is wrong, by SQL").isZero();
    assertThat(r.state()).as("the result's state check").isNotNull();
    assertThat(r.state().keysExpected()).isEqualTo(KEYS);
    assertThat(r.state().keysWithState()).isEqualTo(KEYS);
    assertThat(r.state().wrongKeys()).isZero();
  }
}
