package org.recoverybench.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatTest {
  @Test
  void cpuTimeIsUserPlusSystemTicksInMilliseconds() {
    // a command with a space and a parenthesis in it, as /proc allows: utime 250, stime 70 ticks
    String stat =
        "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 9000 0 12 0 250 70 0 0 20 0 40 0 123456"
            + " 4000000000 90000 18446744073709551615 1 1 0 0 0 0 0 4096 16899 0 0 0 17 1 0 0 0 0 0";
    assertThat(ProcStat.cpuMillisOf(stat)).isEqualTo(3_200);
  }

  @Test
  void thisJvmHasUsedSomeCpuAndHasAPeakRssAtLeastItsRss() {
    long pid = ProcessHandle.current().pid();
    assertThat(ProcStat.cpuMillis(pid)).isGreaterThan(0);
    long rss = ProcStat.rssBytes(pid); // read first: the peak read after it is at least this
    assertThat(rss).isGreaterThan(0);
    assertThat(ProcStat.peakRssBytes(pid)).isGreaterThanOrEqualTo(rss);
  }

  @Test
  void aPidThatDoesNotExistReadsAsMinusOne() {
    assertThat(ProcStat.cpuMillis(Long.MAX_VALUE)).isEqualTo(-1);
    assertThat(ProcStat.peakRssBytes(Long.MAX_VALUE)).isEqualTo(-1);
  }
}
