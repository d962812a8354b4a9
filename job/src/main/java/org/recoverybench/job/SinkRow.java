package org.recoverybench.job;

import java.util.Objects;

/**
 * One row of the sink contract (docs/design.md): the record's provenance plus the run's identity.
 * The same row goes to {@code sink_writes} ({@code append}, {@code exactly-once}) or {@code
 * sink_upsert} ({@code upsert}).
 */
public class SinkRow {
  public String runId;
  public String engine;
  public String variant;
  public String sinkMode;
  public String topic;
  public int kafkaPartition;
  public long kafkaOffset;
  public long eventId;
  public long eventTimeMillis;
  public int incarnation;
  public String payload;

  /**
   * With keyed state ({@code --keys}): the record's key and that key's count and sum after folding
   * the record in; {@code stateKey} is -1 for the stateless pipeline.
   */
  public long stateKey = -1;

  public long stateCount;
  public long stateSum;

  public SinkRow() {}

  @Override
  public boolean equals(Object o) {
    return o instanceof SinkRow r
        && kafkaPartition == r.kafkaPartition
        && kafkaOffset == r.kafkaOffset
        && eventId == r.eventId
        && eventTimeMillis == r.eventTimeMillis
        && incarnation == r.incarnation
        && Objects.equals(runId, r.runId)
        && Objects.equals(engine, r.engine)
        && Objects.equals(variant, r.variant)
        && Objects.equals(sinkMode, r.sinkMode)
        && Objects.equals(topic, r.topic)
        && Objects.equals(payload, r.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(runId, variant, topic, kafkaPartition, kafkaOffset, eventId, incarnation);
  }

  @Override
  public String toString() {
    return "SinkRow{run="
        + runId
        + ", "
        + engine
        + "/"
        + variant
        + "/"
        + sinkMode
        + ", "
        + topic
        + "-"
        + kafkaPartition
        + "@"
        + kafkaOffset
        + ", id="
        + eventId
        + ", t="
        + eventTimeMillis
        + ", inc="
        + incarnation
        + "}";
  }
}
