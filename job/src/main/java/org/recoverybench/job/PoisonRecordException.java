package org.recoverybench.job;

/** A Kafka record whose value does not follow the workload's event format. */
public class PoisonRecordException extends RuntimeException {
  public PoisonRecordException(String message) {
    super(message);
  }
}
