package org.recoverybench.job;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.recoverybench.contract.StatePayload;

/**
 * The stateful step of {@code --keys N}: record id {@code i} carries key {@code i % N}; each key's
 * running count and sum of ids, and {@code --state-bytes} of payload, live in Flink keyed state
 * ({@link ValueState}), checkpointed with the job. Every row leaves with its key's state after the
 * record, for the sinks to upsert into {@code sink_state}.
 *
 * <p>The payload is made of bytes that do not compress (a xorshift sequence seeded by the key), so
 * the checkpoints carry the state's size and not what a compressor makes of it.
 */
public class FoldState extends KeyedProcessFunction<Long, SinkRow, SinkRow> {
  private static final long serialVersionUID = 1L;

  private final int stateBytes;
  private transient ValueState<KeyState> state;

  /** One key's state. */
  public static class KeyState {
    public long count;
    public long sum;
    public long lastEventId;
    public byte[] payload;

    public KeyState() {}
  }

  /** The key of a row: its id modulo the number of keys. */
  public static final class ById implements KeySelector<SinkRow, Long> {
    private static final long serialVersionUID = 1L;
    private final long keys;

    public ById(long keys) {
      this.keys = keys;
    }

    @Override
    public Long getKey(SinkRow r) {
      return r.eventId % keys;
    }
  }

  public FoldState(int stateBytes) {
    this.stateBytes = stateBytes;
  }

  @Override
  public void open(OpenContext ctx) {
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("key-state", KeyState.class));
  }

  @Override
  public void processElement(SinkRow row, Context ctx, Collector<SinkRow> out) throws Exception {
    long key = ctx.getCurrentKey();
    KeyState s = state.value();
    if (s == null) {
      s = new KeyState();
      s.payload = payload(key, stateBytes);
    }
    s.count++;
    s.sum += row.eventId;
    s.lastEventId = row.eventId;
    state.update(s);
    row.stateKey = key;
    row.stateCount = s.count;
    row.stateSum = s.sum;
    out.collect(row);
  }

  /** {@code bytes} bytes of a xorshift sequence seeded by the key ({@link StatePayload}). */
  static byte[] payload(long key, int bytes) {
    return StatePayload.of(key, bytes);
  }
}
