package org.recoverybench.run;

import java.util.LinkedHashMap;
import java.util.Map;
import org.recoverybench.lab.HdfsEndpoints;
import org.recoverybench.scenario.Scenario;

/** The settings a trial ran with, as its result records them for the report. */
final class TrialSettings {
  private TrialSettings() {}

  static Map<String, Object> of(Scenario s, Map<String, Object> engineSettings) {
    Scenario.Workload w = s.workload();
    Scenario.EngineSettings e = s.settings();
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put(
        "workload",
        Map.of(
            "partitions",
            w.partitions(),
            "records",
            w.records(),
            "rate_per_second",
            w.ratePerSecond(),
            "payload_bytes",
            w.payloadBytes()));
    settings.put("checkpoint_interval_ms", e.checkpointInterval().toMillis());
    settings.put("parallelism", e.parallelism());
    settings.put("session_timeout_ms", e.sessionTimeout().toMillis());
    settings.put("heartbeat_interval_ms", e.heartbeatInterval().toMillis());
    settings.put("starting_offsets", e.startingOffsets());
    if (e.standbyTaskManagers() > 0) {
      settings.put("standby_taskmanagers", e.standbyTaskManagers());
    }
    if (e.checkpointsRetained() > 0) {
      settings.put("checkpoints_retained", e.checkpointsRetained());
    }
    settings.put("checkpoint_store", e.checkpointStore());
    if (e.stateCheckpointInterval() != null) {
      settings.put("state_checkpoint_interval_ms", e.stateCheckpointInterval().toMillis());
    }
    if (s.run().tailAfterRecovery() != null) {
      settings.put("tail_after_recovery_ms", s.run().tailAfterRecovery().toMillis());
    }
    if (e.hdfs()) {
      // the HDFS client settings both engines got
      settings.put("hdfs", new LinkedHashMap<String, Object>(HdfsEndpoints.CLIENT_SETTINGS));
    }
    settings.put("engine", engineSettings);
    return settings;
  }
}
