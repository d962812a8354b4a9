package org.recoverybench.job;

/** A record that could not be parsed, bound for {@code sink_dead_letters}. */
public class DeadLetter {
  public String runId;
  public String engine;
  public String variant;
  public String topic;
  public int kafkaPartition;
  public long kafkaOffset;
  public String rawValue;
  public String error;
  public int incarnation;

  public DeadLetter() {}

  @Override
  public String toString() {
    return topic + "-" + kafkaPartition + "@" + kafkaOffset + ": " + error;
  }
}
