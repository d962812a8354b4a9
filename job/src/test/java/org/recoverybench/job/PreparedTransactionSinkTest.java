package org.recoverybench.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class PreparedTransactionSinkTest {
  private static final String PREFIX = "rb:run:1:datastream:jdbc-sink";

  @Test
  void aGidCarriesItsSubtaskAndTheCheckpointItBeganAfter() {
    String gid = PreparedTransactionSink.gid(PREFIX, 3, 42, 1, 0);
    assertThat(PreparedTransactionSink.parse(PREFIX, gid)).containsExactly(3L, 42L);
  }

  @Test
  void gidsOfOtherSinksOrMalformedOnesAreNotOurs() {
    assertThat(PreparedTransactionSink.parse(PREFIX, "rb:other:0:1:0:0")).isNull();
    assertThat(PreparedTransactionSink.parse(PREFIX, PREFIX + ":0:1:0")).isNull();
    assertThat(PreparedTransactionSink.parse(PREFIX, PREFIX + ":x:1:0:0")).isNull();
    assertThat(PreparedTransactionSink.parse(PREFIX, PREFIX + "2:0:1:0:0")).isNull();
  }

  @Test
  void committablesOfTheConnectorsXaSinkAreRefused() throws IOException {
    PreparedTransactionSink.GidSerializer s = new PreparedTransactionSink.GidSerializer();
    assertThat(s.deserialize(s.getVersion(), s.serialize("g"))).isEqualTo("g");
    assertThatThrownBy(() -> s.deserialize(1, new byte[4])).isInstanceOf(IOException.class);
  }

  @Test
  void aQuoteInThePrefixIsRefused() {
    assertThatThrownBy(
            () ->
                new PreparedTransactionSink<SinkRow>(
                    "jdbc:postgresql://x/y", "u", "p", "sql", (ps, r) -> {}, 10, "a'b"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
