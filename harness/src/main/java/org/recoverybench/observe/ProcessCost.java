package org.recoverybench.observe;

import java.util.HashMap;
import java.util.Map;

/**
 * The cost of an engine's processes over a trial, fed one reading per live process each second. CPU
 * time is kept per PID, so a process that is killed keeps the CPU it had used at its last reading;
 * the total only grows. RSS is the sum over the processes live at a reading; its peak is the most
 * memory the engine held at once.
 */
public final class ProcessCost {
  private final Map<Long, Long> cpuByPid = new HashMap<>();
  private long peakRssBytes;
  private int peakProcesses;

  /**
   * One reading: each live PID's CPU milliseconds and RSS bytes (-1 where it could not be read).
   */
  public synchronized Reading read(Map<Long, long[]> cpuAndRssByPid) {
    long rss = 0;
    int live = 0;
    for (Map.Entry<Long, long[]> e : cpuAndRssByPid.entrySet()) {
      long cpu = e.getValue()[0];
      long r = e.getValue()[1];
      if (cpu < 0 && r < 0) {
        continue; // gone between the listing and the reading
      }
      live++;
      if (cpu >= 0) {
        cpuByPid.merge(e.getKey(), cpu, Math::max);
      }
      if (r > 0) {
        rss += r;
      }
    }
    peakRssBytes = Math.max(peakRssBytes, rss);
    peakProcesses = Math.max(peakProcesses, live);
    return new Reading(totalCpuMs(), rss, live);
  }

  public synchronized long totalCpuMs() {
    return cpuByPid.values().stream().mapToLong(Long::longValue).sum();
  }

  public synchronized long peakRssBytes() {
    return peakRssBytes;
  }

  public synchronized int peakProcesses() {
    return peakProcesses;
  }

  /**
   * What one reading shows.
   *
   * @param cpuMs CPU time used so far by every process seen, live or gone
   * @param rssBytes RSS summed over the processes live now
   * @param processes processes live now
   */
  public record Reading(long cpuMs, long rssBytes, int processes) {}
}
