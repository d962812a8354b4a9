package org.recoverybench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private final AtomicLong now = new AtomicLong(1_000_000);

  @Test
  void etaIsTheMeanOfFinishedTrialsTimesTheTrialsLeft() {
    Progress p = new Progress(5, now::get);
    now.addAndGet(4_000); // the lab starts
    assertThat(p.start()).isEqualTo("trial 1 of 5, elapsed 00:04, ETA --:--");
    now.addAndGet(60_000);
    p.finish();
    assertThat(p.etaMs()).isEqualTo(4 * 60_000);
    assertThat(p.start()).isEqualTo("trial 2 of 5, elapsed 01:04, ETA 04:00");
    now.addAndGet(90_000);
    p.finish();
    // mean (60 s + 90 s) / 2 = 75 s, 3 trials left
    assertThat(p.start()).isEqualTo("trial 3 of 5, elapsed 02:34, ETA 03:45");
    now.addAndGet(15_000);
    p.finish();
    // mean 55 s, 2 left
    assertThat(p.start()).isEqualTo("trial 4 of 5, elapsed 02:49, ETA 01:50");
  }

  @Test
  void keptTrialsCountAsDoneButNotInTheMean() {
    Progress p = new Progress(4, now::get);
    p.kept();
    p.kept();
    assertThat(p.start()).isEqualTo("trial 3 of 4, elapsed 00:00, ETA --:--");
    now.addAndGet(30_000);
    p.finish();
    assertThat(p.start()).isEqualTo("trial 4 of 4, elapsed 00:30, ETA 00:30");
  }

  @Test
  void anHourOrMoreShowsHours() {
    Progress p = new Progress(100, now::get);
    now.addAndGet(3_725_000); // 1 h 2 min 5 s
    p.start();
    now.addAndGet(120_000);
    p.finish();
    // 99 left at 120 s each = 3 h 18 min
    assertThat(p.start()).isEqualTo("trial 2 of 100, elapsed 1:04:05, ETA 3:18:00");
    assertThat(Progress.clock(59_999)).isEqualTo("00:59");
  }

  @Test
  void finishWithoutStartIsAnError() {
    Progress p = new Progress(1, now::get);
    assertThatThrownBy(p::finish).isInstanceOf(IllegalStateException.class);
  }
}
