package org.recoverybench.fault;

import org.recoverybench.scenario.FaultSpec;

/** The Kafka broker killed with {@code kill -9}, then started again after the spec's duration. */
public final class KafkaRestart extends ServiceOutage {
  KafkaRestart(FaultSpec spec, FaultEnv env) {
    super(spec, env, "kafka");
  }
}
