package org.recoverybench.run;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.recoverybench.lab.Endpoints;
import org.recoverybench.lab.LabClients;
import org.recoverybench.observe.SinkReader;
import org.recoverybench.process.Poll;

/**
 * The tail of an open-ended producer ({@code run.tail_after_recovery}): after the last fault has
 * stopped, waits for the sink to show a new write (the engine recovered; at most {@code
 * run.recovery_grace}), then lets the producer go on for the tail, then tells it to finish (at
 * once, without the tail, when no write came within the grace: the engine halted). The checker's
 * own recovery figures come later from the ledger; this only decides when to stop producing, and
 * records in the history when it saw the recovery and when production ended.
 */
final class RecoveryTail {
  private RecoveryTail() {}

  static void run(Trial t, Endpoints endpoints, ProducerRun production)
      throws InterruptedException {
    Duration tail = t.scenario().run().tailAfterRecovery();
    long stoppedAt = System.currentTimeMillis(); // the schedule returns when its last fault stops
    long graceEnd = stoppedAt + t.scenario().run().recoveryGrace().toMillis();
    long[] atStop = {rows(endpoints, t.runId())}; // -1 until the database answers
    long[] seen = {-1};
    boolean recovered =
        Poll.until(
            t.scenario().run().recoveryGrace(),
            Duration.ofMillis(250),
            () -> {
              long rows = rows(endpoints, t.runId());
              if (atStop[0] < 0) {
                atStop[0] = rows;
              } else if (rows > atStop[0]) {
                seen[0] = System.currentTimeMillis();
                return true;
              }
              return System.currentTimeMillis() >= graceEnd;
            });
    Long recoveredAt = recovered && seen[0] > 0 ? seen[0] : null;
    t.history()
        .record(
            "tail",
            "last_fault_stopped_at",
            stoppedAt,
            "recovered_at",
            recoveredAt,
            "tail_ms",
            tail.toMillis());
    if (recoveredAt == null) {
      // nothing to measure after a recovery that did not come: more production would only add
      // ids to the loss, as many as the tail is long
      t.print(
          "no write within the recovery grace (%d ms); production ends now, without the tail",
          graceEnd - stoppedAt);
      finish(t, production);
      return;
    }
    t.print(
        "the sink shows a write %d ms after the last fault stopped; producing %s more",
        recoveredAt - stoppedAt, tail);
    long due = recoveredAt + tail.toMillis();
    Poll.until(
        tail.plusSeconds(1), Duration.ofMillis(100), () -> System.currentTimeMillis() >= due);
    finish(t, production);
  }

  private static void finish(Trial t, ProducerRun production) {
    production.finish();
    t.history()
        .record(
            "producer-finish",
            "at",
            System.currentTimeMillis(),
            "produced",
            production.produced().get());
  }

  /**
   * The sink's rows for the run now; -1 while the database cannot be reached (a database outage may
   * just have ended).
   */
  private static long rows(Endpoints endpoints, String runId) {
    try (Connection c = LabClients.jdbc(endpoints)) {
      return SinkReader.progress(c, runId).rows();
    } catch (SQLException e) {
      return -1; // not reachable yet: the next poll asks again
    }
  }
}
