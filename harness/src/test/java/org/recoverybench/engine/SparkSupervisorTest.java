package org.recoverybench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverybench.process.ManagedProcess;
import org.recoverybench.process.Poll;
import org.recoverybench.process.ProcessSpec;

/**
 * The supervisor's lifecycle rules on plain OS processes standing in for the driver: one that exits
 * by itself is started again, at most the allowed number of times; one the harness has taken down
 * is left alone until the harness hands it back; stop waits for the supervisor's thread.
 */
class SparkSupervisorTest {
  @TempDir Path dir;

  private volatile ManagedProcess driver;
  private final AtomicInteger starts = new AtomicInteger();

  /** A stand-in driver: {@code sleep seconds}, so it exits by itself at once with 0. */
  private void startDriver(String seconds) {
    int n = starts.incrementAndGet();
    driver =
        ManagedProcess.start(
            ProcessSpec.of(
                "driver-" + n,
                List.of("sleep", seconds),
                dir,
                dir.resolve("driver-" + n + ".log")));
  }

  @Test
  void aDriverThatExitsByItselfIsRestartedAtMostMaxTimesThenTheSupervisorGivesUp() {
    SparkSupervisor s = new SparkSupervisor(() -> driver, () -> startDriver("0"));
    s.locked(
        () -> {
          startDriver("0");
          return null;
        });
    s.start(2);
    assertThat(Poll.until(Duration.ofSeconds(60), Duration.ofMillis(50), () -> s.gaveUp() != null))
        .isTrue();
    s.stop();
    assertThat(s.enabled()).isTrue();
    assertThat(s.restarts()).isEqualTo(2);
    assertThat(starts.get()).isEqualTo(3);
    assertThat(s.gaveUp()).isEqualTo("the driver exited with code 0 after 2 supervised restarts");
  }

  @Test
  void aDriverTheHarnessTookDownIsNotRestartedUntilItIsHandedBack() {
    SparkSupervisor s = new SparkSupervisor(() -> driver, () -> startDriver("600"));
    s.locked(
        () -> {
          startDriver("600");
          return null;
        });
    s.start(5);
    ManagedProcess killed =
        s.takeOver(
            () -> {
              driver.kill9();
              return driver;
            });
    assertThat(killed.isAlive()).isFalse();
    // while the harness owns the exit, the supervisor looks at the dead driver (every 200 ms, and
    // more than its restart delay long) and leaves it alone
    int seen = s.rounds();
    assertThat(
            Poll.until(
                Duration.ofSeconds(60), Duration.ofMillis(50), () -> s.rounds() >= seen + 10))
        .isTrue();
    assertThat(driver).isSameAs(killed);
    s.handBack(() -> startDriver("600"));
    ManagedProcess recovered = driver;
    assertThat(recovered).isNotSameAs(killed);
    assertThat(recovered.isAlive()).isTrue();
    s.owned(
        () -> {
          driver.kill9();
          startDriver("600");
          return null;
        });
    s.stop();
    assertThat(s.restarts()).isZero();
    assertThat(starts.get()).isEqualTo(3);
    assertThat(s.gaveUp()).isNull();
    driver.kill9();
    recovered.kill9();
  }

  @Test
  void withoutRestartsThereIsNoSupervisor() {
    SparkSupervisor s = new SparkSupervisor(() -> driver, () -> startDriver("0"));
    s.start(0);
    assertThat(s.enabled()).isFalse();
    s.stop();
    assertThat(s.restarts()).isZero();
  }
}
