package org.recoverybench.run;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicReference;
import org.recoverybench.engine.TrialContext;
import org.recoverybench.lab.proxy.TcpProxy;
import org.recoverybench.observe.History;
import org.recoverybench.scenario.Scenario;

/**
 * One trial as it runs: its context, its history, the phase it is in, and where it prints.
 *
 * @param label how the console names the trial, e.g. {@code [baseline spark/recoverable/append #1]}
 * @param t0 epoch ms at which the trial started
 * @param s3Proxy the TCP proxy between the engines and S3 (it counts their requests); null for
 *     engines of an existing cluster in a trial without an S3 fault
 * @param phase the phase the trial is in (the sampler records it with each sample)
 */
record Trial(
    TrialContext ctx,
    String label,
    long t0,
    History history,
    TcpProxy s3Proxy,
    AtomicReference<String> phase,
    PrintWriter out) {

  Scenario scenario() {
    return ctx.scenario();
  }

  String runId() {
    return ctx.runId();
  }

  /** Enters a phase: create-topic, engine-start, produce, fault:..., drain, engine-stop, check. */
  void phase(String name) {
    phase.set(name);
    history.record("phase", "name", name);
  }

  /** A line on the console, prefixed with the trial's label. */
  void print(String format, Object... args) {
    out.println(label + " " + String.format(format, args));
    out.flush();
  }
}
