package org.recoverybench.fault;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What every worker shares: its spec, its environment, and the engine's status at the start. */
abstract class AbstractFault implements FaultWorker {
  protected final FaultSpec spec;
  protected final FaultEnv env;
  private Map<String, Object> before = Map.of();
  protected String detail = "";

  AbstractFault(FaultSpec spec, FaultEnv env) {
    this.spec = spec;
    this.env = env;
  }

  /** Takes the engine's status as it is before the fault. */
  protected final void snapshot() {
    before = safeStatus();
    env.history().record("engine-status", "when", "before " + spec.type(), "status", before);
  }

  private Map<String, Object> safeStatus() {
    try {
      return new LinkedHashMap<>(env.driver().status());
    } catch (RuntimeException e) {
      return Map.of("status_error", String.valueOf(e.getMessage()));
    }
  }

  @Override
  public String role() {
    return null;
  }

  @Override
  public Long pid() {
    return null;
  }

  @Override
  public String detail() {
    return detail;
  }

  @Override
  public boolean recoveryFromStop() {
    return true;
  }

  /**
   * The engine's status now against before the fault: counters as {@code before->now}, the rest as
   * they are now; e.g. {@code job_state=RUNNING, restarts 0->3, last_exception=...}.
   */
  @Override
  public String behaviour() {
    Map<String, Object> now = safeStatus();
    env.history().record("engine-status", "when", "after " + spec.type(), "status", now);
    return describe(before, now);
  }

  static String describe(Map<String, Object> before, Map<String, Object> now) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Object> e : now.entrySet()) {
      Object b = before.get(e.getKey());
      Object v = e.getValue();
      if (v == null) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append(", ");
      }
      if (v instanceof Number && b instanceof Number && !Objects.equals(b, v)) {
        sb.append(e.getKey()).append(' ').append(b).append("->").append(v);
      } else {
        sb.append(e.getKey()).append('=').append(v);
      }
    }
    return sb.toString();
  }
}
