package org.recoverybench.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollAndPortsTest {
  @Test
  void pollReturnsTrueAsSoonAsTheConditionHolds() {
    AtomicInteger calls = new AtomicInteger();
    assertThat(
            Poll.until(
                Duration.ofSeconds(10), Duration.ofMillis(1), () -> calls.incrementAndGet() == 3))
        .isTrue();
    assertThat(calls.get()).isEqualTo(3);
  }

  @Test
  void pollReturnsFalseAtTheDeadline() {
    assertThat(Poll.until(Duration.ofMillis(20), Duration.ofMillis(5), () -> false)).isFalse();
  }

  @Test
  void claimingATakenPortFailsWithOneLine() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = s.getLocalPort();
      assertThatThrownBy(() -> Ports.claim(port, "kafka"))
          .isInstanceOf(ProcessException.class)
          .hasMessage("port " + port + " on 127.0.0.1 is already in use (wanted by kafka)");
      assertThat(Ports.isListening(port)).isTrue();
    }
  }

  @Test
  void procStatReadsThisJvm() {
    long self = ProcessHandle.current().pid();
    assertThat(ProcStat.startTime(self)).matches("\\d+");
    assertThat(ProcStat.rssBytes(self)).isPositive();
    assertThat(ProcStat.isSameProcessAlive(self, ProcStat.startTime(self))).isTrue();
    assertThat(ProcStat.isSameProcessAlive(self, "0")).isFalse();
  }
}
