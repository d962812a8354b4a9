package org.recoverybench.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.recoverybench.job.Preflight.PreparedXact;

class PreflightPreparedTransactionsTest {
  private static final String OWN = "rb:r1:datastream:jdbc-sink:";
  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/rb";

  private static List<PreparedXact> xacts(int own, int others) {
    List<PreparedXact> l = new ArrayList<>();
    for (int i = 0; i < others; i++) {
      l.add(
          new PreparedXact(
              "rb:r0:datastream:jdbc-sink:1:0:" + i + ":0:0", "rb", Duration.ofHours(2)));
    }
    for (int i = 0; i < own; i++) {
      l.add(new PreparedXact(OWN + "5:0:" + i + ":0:0", "rb", Duration.ofSeconds(3)));
    }
    return l;
  }

  @Test
  void nothingPendingIsFine() {
    assertThat(Preflight.preparedTransactionFindings(64, List.of(), OWN, 4, URL)).isEmpty();
  }

  @Test
  void theRunsOwnLeftoversAreNotOrphans() {
    assertThat(Preflight.preparedTransactionFindings(64, xacts(4, 0), OWN, 4, URL)).isEmpty();
  }

  @Test
  void orphansOfOtherRunsAreReportedWithTheOldest() {
    List<String> f = Preflight.preparedTransactionFindings(64, xacts(1, 3), OWN, 4, URL);
    assertThat(f).hasSize(1);
    assertThat(f.get(0))
        .startsWith("3 prepared transactions of other runs")
        .contains("'rb:r0:datastream:jdbc-sink:1:0:0:0:0' in rb, prepared 7200 s ago");
  }

  @Test
  void aNearlyFullSettingIsReported() {
    List<String> f = Preflight.preparedTransactionFindings(10, xacts(6, 2), OWN, 1, URL);
    assertThat(f).hasSize(2);
    assertThat(f.get(1))
        .isEqualTo(
            "8 of max_prepared_transactions = 10 are in use (6 of this run,"
                + " resolved when its writers start)");
    assertThat(Preflight.preparedTransactionFindings(10, xacts(5, 2), OWN, 1, URL)).hasSize(1);
  }

  @Test
  void tooFewFreeSlotsOrNoneAtAllFail() {
    assertThatThrownBy(() -> Preflight.preparedTransactionFindings(0, List.of(), OWN, 1, URL))
        .isInstanceOf(Preflight.PreflightException.class)
        .hasMessage(
            "the exactly-once sink needs max_prepared_transactions > 0 on " + URL + " (it is 0)");
    assertThatThrownBy(() -> Preflight.preparedTransactionFindings(10, xacts(0, 3), OWN, 4, URL))
        .isInstanceOf(Preflight.PreflightException.class)
        .hasMessageContaining("the exactly-once sink needs 8 free (2 per subtask)");
    assertThat(Preflight.preparedTransactionFindings(10, xacts(0, 2), OWN, 4, URL)).hasSize(1);
  }
}
