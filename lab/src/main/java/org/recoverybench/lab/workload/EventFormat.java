package org.recoverybench.lab.workload;

/**
 * The wire format of the workload's Kafka records, the one contract (besides the sink table) that
 * the producer, the Flink job and the Spark app share. Each engine parses it with its own few lines
 * of code, so none of them depends on this module at run time.
 *
 * <ul>
 *   <li>key: the event id in decimal, e.g. {@code 4711};
 *   <li>value: {@code <event_id>,<event_time_epoch_millis>,<payload>}, e.g. {@code
 *       4711,1764000000000,xxxx}; the payload has no commas;
 *   <li>partition: {@code event_id % partitions}, so with ids 0..N-1 the offset of id i is {@code i
 *       / partitions}.
 * </ul>
 *
 * A value that does not match is a poison record.
 */
public final class EventFormat {
  private EventFormat() {}

  public static String key(long id) {
    return Long.toString(id);
  }

  public static String value(long id, long eventTimeMillis, String payload) {
    return id + "," + eventTimeMillis + "," + payload;
  }

  public static int partition(long id, int partitions) {
    return (int) (id % partitions);
  }

  /** A payload of the given size, made of one repeated letter. */
  public static String payload(int bytes) {
    return "x".repeat(Math.max(0, bytes));
  }
}
