package org.recoverybench.spark;

import java.io.Serializable;

/**
 * Where and how the tasks write (the password as where to read it, not its value), with the
 * provenance columns of the sink contract. The driver builds it afresh for every batch from the
 * running process's own options, so that a context recovered from a checkpoint still writes the
 * current incarnation, with the current parse-error policy (the rest of a recovered context, Kafka
 * parameters included, comes from the checkpoint, as Spark does it).
 */
public record SinkConfig(
    String jdbcUrl,
    String jdbcUser,
    SecretRef jdbcPassword,
    String runId,
    String variant,
    String sinkMode,
    int incarnation,
    String groupId,
    String onParseError)
    implements Serializable {

  /** Whether a record that cannot be parsed goes to {@code sink_dead_letters} (else it fails). */
  public boolean deadLetter() {
    return "dead-letter".equals(onParseError);
  }

  @Override
  public String toString() {
    return "SinkConfig[" + jdbcUrl + ", run " + runId + ", " + variant + "/" + sinkMode + "]";
  }
}
