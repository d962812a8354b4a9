package org.recoverybench.job;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.InitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exactly-once PostgreSQL sink: a two-phase commit with PostgreSQL's own prepared transactions
 * ({@code PREPARE TRANSACTION} / {@code COMMIT PREPARED}), committed only when Flink reports the
 * checkpoint complete.
 *
 * <p>Why not flink-connector-jdbc's XA sink (4.0.0-2.0, Sink V2)? Its writer commits the
 * transaction it has just prepared in {@code snapshotState}, that is while the checkpoint is still
 * in progress ({@code JdbcWriter.snapshotState} calls {@code XaTransaction.commitTxUntil} with the
 * id that the just-prepared transaction carries), and its committer never commits the xid of a
 * committable it gets from the stream or from state (it commits its own, empty, list). A failure
 * between the sink's snapshot and the checkpoint's completion therefore leaves the rows of that
 * checkpoint committed while the sources rewind to the previous checkpoint: duplicates.
 *
 * <p>The protocol here:
 *
 * <ul>
 *   <li>The writer inserts in a local transaction (autocommit off). At the barrier of a checkpoint
 *       ({@code prepareCommit}) it runs the pending batch and {@code PREPARE TRANSACTION gid}; the
 *       gid is the committable. Nothing is committed by the writer.
 *   <li>The gid ({@link LeftoverRule.Gid}) names the sink, the submission's epoch, the subtask,
 *       {@code K} (the id of the checkpoint after whose snapshot the transaction began: the
 *       restored checkpoint's id, or 0, for the first one), the attempt and a sequence number. The
 *       epoch is the submitting client's clock in ms when it built the sink, so every submission (a
 *       resubmission after a JobManager kill, an upgrade, a rescale) has a higher one than the
 *       submissions before it; the writer keeps it in its state.
 *   <li>The committer runs {@code COMMIT PREPARED gid} when the checkpoint that carries the
 *       committable completes, and again after a restore from it. A gid that is busy (SQLSTATE
 *       55000: another backend is finishing it) is retried; a gid that no longer exists is counted
 *       as unknown (metric {@code preparedTransactionsUnknown}, and a failed committable in Flink's
 *       own metrics), not as committed: it was committed or rolled back by someone else.
 *   <li>A writer that starts resolves the leftovers of its subtask by {@link LeftoverRule}: in one
 *       line of checkpoints, one with {@code K < R} (R the restored checkpoint) is covered by R and
 *       committed, any other is rolled back; one of an older submission found after this submission
 *       took over is rolled back (fencing); on a fresh start (nothing restored) the leftovers of
 *       older submissions are committed, never rolled back silently (see {@link LeftoverRule} for
 *       why), and each is logged at WARN.
 *   <li>The writer's connection is closed on every error path of its start.
 * </ul>
 */
public final class PreparedTransactionSink<IN>
    implements Sink<IN>,
        SupportsCommitter<String>,
        SupportsWriterState<IN, PreparedTransactionSink.EpochState> {
  private static final long serialVersionUID = 2L;
  private static final Logger LOG = LoggerFactory.getLogger(PreparedTransactionSink.class);

  /** PostgreSQL limits a gid to 199 bytes. */
  static final int MAX_GID_BYTES = 199;

  /** Binds one element to the insert statement. */
  @FunctionalInterface
  public interface Binder<T> extends Serializable {
    void bind(PreparedStatement ps, T element) throws SQLException;
  }

  /** Opens a connection to the sink's database. */
  @FunctionalInterface
  interface Connector extends Serializable {
    Connection connect() throws SQLException;
  }

  /** The state update an element carries, or null (see {@link #alsoUpsertingState}). */
  @FunctionalInterface
  public interface StateOf<T> extends Serializable {
    StateUpdate of(T element);
  }

  /** The writer's state: the epoch of the submission that took the checkpoint. */
  public record EpochState(long epoch) {}

  private final String sql;
  private final Binder<IN> binder;
  private final int batchSize;
  private final String gidPrefix;
  private final long epoch;
  private final Connector connector;

  /** With keyed state: what each element carries for {@code sink_state}; null without. */
  private StateOf<IN> stateOf;

  /** A sink whose password is given in code (a test against a fake). */
  PreparedTransactionSink(
      String url,
      String user,
      String password,
      String sql,
      Binder<IN> binder,
      int batchSize,
      String gidPrefix) {
    this(url, user, JdbcPassword.ofValue(password), sql, binder, batchSize, gidPrefix);
  }

  /**
   * A sink whose epoch is this client's clock now: build it once per submission.
   *
   * @param password where each writer and committer reads the password when it connects
   * @param gidPrefix names this sink's prepared transactions; it must be the same for every
   *     submission of the same run (a resubmitted job resolves what the previous one left) and
   *     distinct from every other sink's
   */
  public PreparedTransactionSink(
      String url,
      String user,
      JdbcPassword password,
      String sql,
      Binder<IN> binder,
      int batchSize,
      String gidPrefix) {
    this(
        () -> driverConnect(url, user, password),
        sql,
        binder,
        batchSize,
        gidPrefix,
        System.currentTimeMillis());
  }

  PreparedTransactionSink(
      Connector connector,
      String sql,
      Binder<IN> binder,
      int batchSize,
      String gidPrefix,
      long epoch) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
    }
    if (gidPrefix.getBytes(StandardCharsets.UTF_8).length > MAX_GID_BYTES - 64
        || gidPrefix.contains("'")) {
      throw new IllegalArgumentException("unusable gid prefix: " + gidPrefix);
    }
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be 0 or more, got " + epoch);
    }
    this.connector = connector;
    this.sql = sql;
    this.binder = binder;
    this.batchSize = batchSize;
    this.gidPrefix = gidPrefix;
    this.epoch = epoch;
  }

  /**
   * Also upserts each element's key state ({@link org.recoverybench.contract.SinkSql#UPSERT_STATE})
   * in the same transaction as the element's row, so that the state rows commit with the checkpoint
   * too. Within a batch only the newest state of each key is written: one multi-row upsert may not
   * touch a key twice.
   */
  public PreparedTransactionSink<IN> alsoUpsertingState(StateOf<IN> stateOf) {
    this.stateOf = stateOf;
    return this;
  }

  String gidPrefix() {
    return gidPrefix;
  }

  long epoch() {
    return epoch;
  }

  @Override
  public Writer<IN> createWriter(WriterInitContext context) throws IOException {
    return restoreWriter(context, Collections.emptyList());
  }

  @Override
  public Writer<IN> restoreWriter(WriterInitContext context, Collection<EpochState> recoveredState)
      throws IOException {
    boolean restartOfEpoch = recoveredState.stream().anyMatch(s -> s.epoch() == epoch);
    var info = context.getTaskInfo();
    LeftoverRule.Start start =
        new LeftoverRule.Start(
            epoch,
            info.getIndexOfThisSubtask(),
            info.getNumberOfParallelSubtasks(),
            context.getRestoredCheckpointId(),
            restartOfEpoch);
    var metrics = context.metricGroup();
    return new Writer<>(
        this,
        start,
        info.getAttemptNumber(),
        metrics.counter("leftoversCommitted"),
        metrics.counter("leftoversRolledBack"));
  }

  @Override
  public SimpleVersionedSerializer<EpochState> getWriterStateSerializer() {
    return new EpochStateSerializer();
  }

  @Override
  public Committer<String> createCommitter(CommitterInitContext context) {
    var metrics = context.metricGroup();
    return new GidCommitter(
        this,
        metrics.counter("preparedTransactionsCommitted"),
        metrics.counter("preparedTransactionsUnknown"),
        Thread::sleep);
  }

  @Override
  public SimpleVersionedSerializer<String> getCommittableSerializer() {
    return new GidSerializer();
  }

  Connection connect() throws SQLException {
    return connector.connect();
  }

  private static Connection driverConnect(String url, String user, JdbcPassword password)
      throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password.read());
    // the driver directly: DriverManager does not see drivers of a child-first user class loader
    Connection c = new org.postgresql.Driver().connect(url, p);
    if (c == null) {
      throw new SQLException("not a PostgreSQL JDBC URL: " + url);
    }
    return c;
  }

  private static void closeAfter(Connection c, Throwable cause) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /** The writer: one connection, one local transaction between two barriers. */
  public static final class Writer<IN>
      implements CommittingSinkWriter<IN, String>, StatefulSinkWriter<IN, EpochState> {
    private final PreparedTransactionSink<IN> sink;
    private final int subtask;
    private final int attempt;
    private final Connection connection;
    private final PreparedStatement insert;
    private final PreparedStatement upsertState;
    private final java.util.Map<Long, StateUpdate> pendingState = new java.util.LinkedHashMap<>();
    private long sinceCheckpoint;
    private int seq;
    private int batched;
    private long rowsInTransaction;

    Writer(
        PreparedTransactionSink<IN> sink,
        LeftoverRule.Start start,
        int attempt,
        Counter committed,
        Counter rolledBack)
        throws IOException {
      this.sink = sink;
      this.subtask = start.subtask();
      this.attempt = attempt;
      this.sinceCheckpoint = start.restored().orElse(InitContext.INITIAL_CHECKPOINT_ID - 1);
      Connection c = null;
      try {
        c = sink.connect();
        resolveLeftovers(sink, PreparedXacts.on(c), start, committed, rolledBack, Thread::sleep);
        c.setAutoCommit(false);
        this.insert = c.prepareStatement(sink.sql);
        this.upsertState =
            sink.stateOf == null
                ? null
                : c.prepareStatement(org.recoverybench.contract.SinkSql.UPSERT_STATE);
        this.connection = c;
      } catch (SQLException | RuntimeException e) {
        closeAfter(c, e);
        throw new IOException("cannot open the exactly-once JDBC writer: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        closeAfter(c, e);
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while opening the exactly-once JDBC writer", e);
      }
    }

    /** Commits or rolls back what earlier writers of this subtask left, by {@link LeftoverRule}. */
    static void resolveLeftovers(
        PreparedTransactionSink<?> sink,
        PreparedXacts db,
        LeftoverRule.Start start,
        Counter committed,
        Counter rolledBack,
        PreparedXacts.Pause pause)
        throws SQLException, InterruptedException {
      String restored =
          start.restored().isPresent() ? "checkpoint " + start.restored().getAsLong() : "nothing";
      for (String gid : db.gids(sink.gidPrefix + ":")) {
        LeftoverRule.Gid g = LeftoverRule.Gid.parse(sink.gidPrefix, gid);
        if (g == null) {
          continue;
        }
        LeftoverRule.Decision d = LeftoverRule.decide(start, g);
        if (d.action() == LeftoverRule.Action.LEAVE) {
          if (g.epoch() > start.epoch()) {
            LOG.warn("leaving {}, {} (restored {})", gid, d.reason(), restored);
          }
          continue;
        }
        boolean commit = d.action() == LeftoverRule.Action.COMMIT;
        String verb = commit ? "COMMIT" : "ROLLBACK";
        PreparedXacts.Outcome o = PreparedXacts.finish(db, verb, gid, pause);
        if (o == PreparedXacts.Outcome.DONE) {
          (commit ? committed : rolledBack).inc();
        }
        boolean fresh = start.restored().isEmpty() && commit;
        String line = "{} PREPARED {}: {} (epoch {}, restored {}){}";
        Object[] args = {
          verb,
          gid,
          d.reason(),
          start.epoch(),
          restored,
          o == PreparedXacts.Outcome.DONE ? "" : "; it no longer exists (resolved by another)"
        };
        if (fresh) {
          LOG.warn(line, args);
        } else {
          LOG.info(line, args);
        }
      }
    }

    @Override
    public void write(IN element, Context context) throws IOException {
      try {
        sink.binder.bind(insert, element);
        insert.addBatch();
        if (upsertState != null) {
          StateUpdate u = sink.stateOf.of(element);
          if (u != null) {
            pendingState.put(u.key(), u);
          }
        }
        batched++;
        rowsInTransaction++;
        if (batched >= sink.batchSize) {
          runBatch();
        }
      } catch (SQLException e) {
        throw new IOException("exactly-once JDBC write failed: " + e.getMessage(), e);
      }
    }

    private void runBatch() throws SQLException {
      if (batched > 0) {
        insert.executeBatch();
        batched = 0;
      }
      if (!pendingState.isEmpty()) {
        for (StateUpdate u : pendingState.values()) {
          u.bind(upsertState);
          upsertState.addBatch();
        }
        upsertState.executeBatch();
        pendingState.clear();
      }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
      // rows are sent in batches and at each barrier; they become visible only on commit
    }

    @Override
    public Collection<String> prepareCommit() throws IOException {
      if (rowsInTransaction == 0) {
        return Collections.emptyList();
      }
      String gid =
          new LeftoverRule.Gid(sink.epoch, subtask, sinceCheckpoint, attempt, seq++)
              .format(sink.gidPrefix);
      try {
        runBatch();
        try (Statement s = connection.createStatement()) {
          s.execute("PREPARE TRANSACTION '" + gid + "'");
        }
      } catch (SQLException e) {
        throw new IOException("cannot prepare " + gid + ": " + e.getMessage(), e);
      }
      LOG.debug("prepared {} with {} rows", gid, rowsInTransaction);
      rowsInTransaction = 0;
      return Collections.singletonList(gid);
    }

    @Override
    public List<EpochState> snapshotState(long checkpointId) {
      sinceCheckpoint = checkpointId;
      seq = 0;
      return Collections.singletonList(new EpochState(sink.epoch));
    }

    @Override
    public void close() throws Exception {
      // closing rolls back the open (unprepared) transaction; prepared ones stay for the committer
      // or for the next attempt to resolve
      try (Connection c = connection) {
        insert.close();
        if (upsertState != null) {
          upsertState.close();
        }
      }
    }
  }

  /** Commits the prepared transactions of completed checkpoints. */
  static final class GidCommitter implements Committer<String> {
    private final PreparedTransactionSink<?> sink;
    private final Counter committed;
    private final Counter unknown;
    private final PreparedXacts.Pause pause;
    private Connection connection;

    GidCommitter(
        PreparedTransactionSink<?> sink,
        Counter committed,
        Counter unknown,
        PreparedXacts.Pause pause) {
      this.sink = sink;
      this.committed = committed;
      this.unknown = unknown;
      this.pause = pause;
    }

    @Override
    public void commit(Collection<CommitRequest<String>> requests) throws InterruptedException {
      for (CommitRequest<String> r : requests) {
        String gid = r.getCommittable();
        try {
          if (connection == null || connection.isClosed()) {
            connection = sink.connect();
          }
          PreparedXacts.Outcome o =
              PreparedXacts.finish(PreparedXacts.on(connection), "COMMIT", gid, pause);
          if (o == PreparedXacts.Outcome.DONE) {
            committed.inc();
            LOG.debug("COMMIT PREPARED {}", gid);
          } else {
            unknown.inc();
            LOG.warn(
                "{} no longer exists: committed or rolled back by another (the writer's leftover"
                    + " resolution, a committer of another subtask after a rescale, an operator);"
                    + " counted as unknown",
                gid);
            r.signalFailedWithKnownReason(
                new IllegalStateException(gid + " no longer exists; its outcome is unknown"));
          }
        } catch (SQLException e) {
          LOG.warn("cannot commit {} (attempt {}): {}", gid, r.getNumberOfRetries(), e.toString());
          closeQuietly();
          if (r.getNumberOfRetries() >= 10) {
            r.signalFailedWithUnknownReason(e);
          } else {
            r.retryLater();
          }
        }
      }
    }

    private void closeQuietly() {
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException ignored) {
          // a broken connection
        }
        connection = null;
      }
    }

    @Override
    public void close() {
      closeQuietly();
    }
  }

  static final class GidSerializer implements SimpleVersionedSerializer<String> {
    /** Version 1 was flink-connector-jdbc's xid committable; its state cannot be read here. */
    static final int VERSION = 2;

    @Override
    public int getVersion() {
      return VERSION;
    }

    @Override
    public byte[] serialize(String gid) {
      return gid.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String deserialize(int version, byte[] serialized) throws IOException {
      if (version != VERSION) {
        throw new IOException(
            "committable version "
                + version
                + " is not a prepared-transaction gid (a checkpoint of the connector's XA sink?)");
      }
      return new String(serialized, StandardCharsets.UTF_8);
    }
  }

  /** Version 2 was the stateless writer's (no bytes); it restores as epoch 0, older than any. */
  static final class EpochStateSerializer implements SimpleVersionedSerializer<EpochState> {
    static final int VERSION = 3;

    @Override
    public int getVersion() {
      return VERSION;
    }

    @Override
    public byte[] serialize(EpochState state) {
      return ByteBuffer.allocate(Long.BYTES).putLong(state.epoch()).array();
    }

    @Override
    public EpochState deserialize(int version, byte[] serialized) throws IOException {
      if (version == 2) {
        return new EpochState(0);
      }
      if (version != VERSION || serialized.length != Long.BYTES) {
        throw new IOException("unknown writer state version " + version);
      }
      return new EpochState(ByteBuffer.wrap(serialized).getLong());
    }
  }
}
