package org.recoverybench.result;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a trial cost the engine: CPU time and memory of its processes (summed over the processes,
 * from the sampler's readings each second), and the S3 requests its processes sent (counted by the
 * harness's TCP proxy in front of the S3 server). Null fields were not measured.
 *
 * @param cpuMs CPU time used by every engine process of the trial, live or killed
 * @param peakRssBytes the most resident memory the engine's processes held at once
 * @param peakProcesses the most engine processes alive at once
 * @param cpuMsPer1000Records {@code cpuMs} per 1,000 ids produced (acknowledged by the broker), one
 *     decimal; null when nothing was produced
 * @param s3Requests HTTP requests the engine sent to S3 during the trial; null where the engines
 *     did not reach S3 through the proxy (engines of an existing cluster)
 * @param s3RequestsPerHour {@code s3Requests} over the time the proxy ran, as a rate per hour, one
 *     decimal; null with {@code s3Requests}
 */
public record TrialCost(
    long cpuMs,
    long peakRssBytes,
    int peakProcesses,
    // snake case alone would write cpu_ms_per1000_records
    @JsonProperty("cpu_ms_per_1000_records") Double cpuMsPer1000Records,
    Long s3Requests,
    Double s3RequestsPerHour) {

  /**
   * The cost from its measurements: {@code produced} ids; {@code s3Requests} (null: not counted)
   * over {@code s3Millis} of proxy time.
   */
  public static TrialCost of(
      long cpuMs,
      long peakRssBytes,
      int peakProcesses,
      long produced,
      Long s3Requests,
      long s3Millis) {
    Double perThousand = produced > 0 ? oneDecimal(cpuMs * 1000.0 / produced) : null;
    Double perHour =
        s3Requests != null && s3Millis > 0 ? oneDecimal(s3Requests * 3_600_000.0 / s3Millis) : null;
    return new TrialCost(cpuMs, peakRssBytes, peakProcesses, perThousand, s3Requests, perHour);
  }

  private static double oneDecimal(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
