package org.recoverybench.spark;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function0;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.Time;
import org.apache.spark.streaming.api.java.JavaInputDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.kafka010.ConsumerStrategies;
import org.apache.spark.streaming.kafka010.HasOffsetRanges;
import org.apache.spark.streaming.kafka010.KafkaUtils;
import org.apache.spark.streaming.kafka010.LocationStrategies;
import org.apache.spark.streaming.kafka010.OffsetRange;

/**
 * The original Spark Streaming app of docs/original-app.md, call for call in Java, in three
 * variants (and {@code structured}, {@code structured-idempotent}: the same app as a Structured
 * Streaming query, {@link StructuredStreamingApp}):
 *
 * <ul>
 *   <li>{@code as-written}: a new context on every start, and {@code ssc.checkpoint(dir)} only;
 *   <li>{@code recoverable}: {@code JavaStreamingContext.getOrCreate(dir, factory, hadoopConf)};
 *   <li>{@code transactional}: results and offsets in one database transaction, resuming from the
 *       offsets stored in the database.
 * </ul>
 *
 * With {@code --keys N} each variant runs the stateful pipeline instead ({@link StatefulPipeline}:
 * {@code mapWithState}, every key's state upserted into {@code sink_state}).
 *
 * <p>Lines it prints for whoever watches its log: {@code RB-READY} once the stream has started (the
 * consumer has its assignment and its start offsets), {@code RB-BATCH} with the offset ranges of
 * every non-empty batch, and {@code Received N records.} as in the original.
 */
public final class SparkStreamingApp {
  public static final String APP_NAME = "SparkStreamingCheckpointExample";

  /**
   * The sink settings of this driver process. A context recovered from a checkpoint deserializes
   * the foreachRDD function, whose code reads this on the driver at every batch.
   */
  static volatile SinkConfig currentSink;

  private SparkStreamingApp() {}

  public static void main(String[] args) throws Exception {
    if (AppOptions.wantsHelp(args)) {
      System.out.print(AppOptions.help());
      return;
    }
    AppOptions o;
    try {
      o = AppOptions.parse(args, System.getenv());
    } catch (AppOptions.UsageException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      run(o);
    } catch (Throwable t) {
      System.err.println("error: " + oneLine(t));
      t.printStackTrace();
      System.exit(1);
    }
  }

  static String oneLine(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = t.getClass().getSimpleName() + ": " + t.getMessage();
    if (root != t && root.getMessage() != null && !msg.contains(root.getMessage())) {
      msg += " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
    return msg.replace('\n', ' ');
  }

  static void run(AppOptions o) throws Exception {
    currentSink =
        new SinkConfig(
            o.get("jdbc-url"),
            o.get("jdbc-user"),
            o.jdbcPassword(),
            o.runId(),
            o.variant(),
            o.sinkMode(),
            o.incarnation(),
            o.groupId(),
            o.onParseError());
    checkSink(currentSink, o.stateful());
    checkKafka(o);
    // Settings Spark reloads from system properties when it recovers a context from a checkpoint
    // (Checkpoint.createSparkConf), so a restarted driver binds where this one is told to.
    System.setProperty("spark.master", o.master());
    System.setProperty("spark.driver.host", o.host());
    System.setProperty("spark.driver.bindAddress", o.host());
    System.setProperty("spark.driver.port", Integer.toString(o.driverPort()));
    System.setProperty("spark.blockManager.port", Integer.toString(o.blockManagerPort()));
    if (o.structured()) {
      StructuredStreamingApp.run(o, currentSink);
      return;
    }

    JavaStreamingContext ssc;
    switch (o.variant()) {
      case "as-written" -> ssc = createContext(o);
      case "recoverable" -> {
        Function0<JavaStreamingContext> factory = () -> createContext(o);
        ssc = JavaStreamingContext.getOrCreate(o.checkpointDir(), factory, hadoopConf(o));
      }
      case "transactional" -> ssc = createTransactionalContext(o);
      default -> throw new IllegalArgumentException("unknown variant " + o.variant());
    }
    ssc.start();
    ready(o, "");
    ssc.awaitTermination();
  }

  /**
   * The line the harness waits for before it produces: the app reads from where it will read.
   * {@code extra} is appended as it is (e.g. {@code " query=<id>"}).
   */
  static void ready(AppOptions o, String extra) {
    System.out.println(
        "RB-READY variant="
            + o.variant()
            + " incarnation="
            + o.incarnation()
            + " checkpoint="
            + o.checkpointDir()
            + extra);
    System.out.flush();
  }

  /** Fails fast with one line if the sink cannot be reached or lacks its tables. */
  static void checkSink(SinkConfig sink, boolean stateful) throws SQLException {
    List<String> tables =
        new java.util.ArrayList<>(
            List.of("sink_writes", "sink_upsert", "stream_offsets", "sink_dead_letters"));
    if (stateful) {
      tables.add("sink_state");
    }
    try (Connection c = PartitionWriter.connect(sink);
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = ANY (?)")) {
      ps.setArray(1, c.createArrayOf("text", tables.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getInt(1) < tables.size()) {
          throw new SQLException(
              "the sink tables ("
                  + String.join(", ", tables)
                  + ") are missing in "
                  + sink.jdbcUrl());
        }
      }
    }
  }

  /**
   * Fails fast with one line if Kafka cannot be reached (the stream itself would only log warnings
   * and run empty batches forever). A missing topic only gets a warning, as the original would wait
   * for it.
   */
  static void checkKafka(AppOptions o) {
    Map<String, Object> p = new HashMap<>(kafkaParams(o));
    p.put("allow.auto.create.topics", "false");
    p.put("group.id", o.groupId() + "-preflight");
    p.put("default.api.timeout.ms", "30000");
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
      List<PartitionInfo> parts = c.partitionsFor(o.topic(), Duration.ofSeconds(30));
      if (parts == null || parts.isEmpty()) {
        System.err.println("warning: topic " + o.topic() + " does not exist (yet)");
      }
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new IllegalStateException(
          "cannot reach Kafka at " + o.bootstrap() + " within 30 s: " + e.getMessage(), e);
    }
  }

  /**
   * The number of partitions of the topic (the transactional stateful pipeline slices its state by
   * them); fails with one line if the topic does not exist or {@code --keys} is not a multiple of
   * its partitions (then a key's records would come from more than one partition, and no one
   * partition's transaction could hold its state).
   */
  static int kafkaPartitions(AppOptions o) {
    Map<String, Object> p = new HashMap<>(kafkaParams(o));
    p.put("allow.auto.create.topics", "false");
    p.put("group.id", o.groupId() + "-preflight");
    p.put("default.api.timeout.ms", "30000");
    int n;
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
      List<PartitionInfo> parts = c.partitionsFor(o.topic(), Duration.ofSeconds(30));
      n = parts == null ? 0 : parts.size();
    }
    if (n == 0) {
      throw new IllegalStateException(
          "the transactional stateful pipeline needs the topic "
              + o.topic()
              + " to exist: it places each key's state by the topic's partitions");
    }
    checkKeysPerPartition(o.keys(), n);
    return n;
  }

  /** Fails with one line unless {@code keys} is a multiple of {@code partitions}. */
  static void checkKeysPerPartition(long keys, int partitions) {
    if (keys % partitions != 0) {
      throw new IllegalStateException(
          "--keys "
              + keys
              + " is not a multiple of the topic's "
              + partitions
              + " partitions: the transactional variant writes each key's state in the"
              + " transaction of the one partition its records come from (id i goes to partition"
              + " i % partitions and carries key i % keys)");
    }
  }

  static SparkConf sparkConf(AppOptions o) {
    SparkConf conf =
        new SparkConf()
            .setAppName(APP_NAME)
            .setMaster(o.master())
            .set("spark.ui.enabled", "false")
            .set("spark.driver.host", o.host())
            .set("spark.driver.bindAddress", o.host())
            .set("spark.driver.port", Integer.toString(o.driverPort()))
            .set("spark.blockManager.port", Integer.toString(o.blockManagerPort()));
    if (o.get("max-rate-per-partition") != null) {
      conf.set("spark.streaming.kafka.maxRatePerPartition", o.get("max-rate-per-partition"));
    }
    s3aSettings(o).forEach((k, v) -> conf.set("spark.hadoop." + k, v));
    o.sparkConf().forEach(conf::set);
    return conf;
  }

  static Map<String, String> s3aSettings(AppOptions o) {
    Map<String, String> m = new TreeMap<>();
    if (o.get("s3-endpoint") != null) {
      m.put("fs.s3a.endpoint", o.get("s3-endpoint"));
      m.put("fs.s3a.endpoint.region", o.get("s3-region"));
      m.put("fs.s3a.path.style.access", "true");
      m.put("fs.s3a.connection.ssl.enabled", "false");
    }
    if (o.get("s3-access-key") != null) {
      m.put("fs.s3a.access.key", o.get("s3-access-key"));
      m.put("fs.s3a.secret.key", o.s3SecretKey().read());
      m.put(
          "fs.s3a.aws.credentials.provider",
          "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    }
    return m;
  }

  /**
   * The Hadoop Configuration given to {@code getOrCreate}: the S3A settings and every {@code --conf
   * spark.hadoop.K=V} as K=V (e.g. HDFS client settings). The FileSystem that getOrCreate opens
   * with it is cached and reused by the checkpoint writer, so {@code spark.hadoop.*} in the
   * SparkConf alone would not reach the checkpoint files.
   */
  static Configuration hadoopConf(AppOptions o) {
    Configuration c = new Configuration();
    s3aSettings(o).forEach(c::set);
    o.sparkConf()
        .forEach(
            (k, v) -> {
              if (k.startsWith("spark.hadoop.")) {
                c.set(k.substring("spark.hadoop.".length()), v);
              }
            });
    return c;
  }

  /** The Kafka parameters of the original: bootstrap, deserializers, group.id, and no more. */
  static Map<String, Object> kafkaParams(AppOptions o) {
    Map<String, Object> p = new HashMap<>();
    p.put("bootstrap.servers", o.bootstrap());
    p.put("key.deserializer", StringDeserializer.class);
    p.put("value.deserializer", StringDeserializer.class);
    p.put("group.id", o.groupId());
    if (o.autoOffsetReset() != null) {
      p.put("auto.offset.reset", o.autoOffsetReset());
    }
    if (o.get("session-timeout-ms") != null) {
      p.put("session.timeout.ms", o.get("session-timeout-ms"));
    }
    if (o.get("heartbeat-interval-ms") != null) {
      p.put("heartbeat.interval.ms", o.get("heartbeat-interval-ms"));
    }
    return p;
  }

  /** as-written and recoverable: the original's graph. */
  static JavaStreamingContext createContext(AppOptions o) {
    JavaSparkContext sc = new JavaSparkContext(sparkConf(o));
    JavaStreamingContext ssc = new JavaStreamingContext(sc, Durations.seconds(o.batchSeconds()));
    ssc.checkpoint(o.checkpointDir());
    Collection<String> topics = List.of(o.topic());
    JavaInputDStream<ConsumerRecord<String, String>> stream =
        KafkaUtils.createDirectStream(
            ssc,
            LocationStrategies.PreferConsistent(),
            ConsumerStrategies.<String, String>Subscribe(topics, kafkaParams(o)));
    if (o.stateful()) {
      StatefulPipeline.build(stream, o, false, 0, null);
    } else {
      stream.foreachRDD(new WriteBatch(false));
    }
    if (o.upgradeExtraOperator()) {
      addExtraOperator(stream);
    }
    System.out.println("RB-CONTEXT created a new StreamingContext");
    return ssc;
  }

  /** transactional: offsets from the database, results and offsets in one transaction. */
  static JavaStreamingContext createTransactionalContext(AppOptions o) throws SQLException {
    JavaSparkContext sc = new JavaSparkContext(sparkConf(o));
    JavaStreamingContext ssc = new JavaStreamingContext(sc, Durations.seconds(o.batchSeconds()));
    ssc.checkpoint(o.checkpointDir());
    int kafkaPartitions = o.stateful() ? kafkaPartitions(o) : 0;
    // the offsets, and with --keys the state, as the last committed transactions left them
    StoredState stored = StoredState.read(currentSink, o.topic(), o.stateful());
    Map<TopicPartition, Long> fromOffsets = stored.offsets();
    System.out.println("RB-STORED-OFFSETS " + describe(fromOffsets));
    if (o.stateful()) {
      System.out.println(
          "RB-STORED-STATE keys=" + stored.state().size() + " records=" + stored.records());
    }
    Map<String, Object> params = kafkaParams(o);
    params.put("enable.auto.commit", false); // the database holds the offsets
    Collection<String> topics = List.of(o.topic());
    JavaInputDStream<ConsumerRecord<String, String>> stream =
        KafkaUtils.createDirectStream(
            ssc,
            LocationStrategies.PreferConsistent(),
            ConsumerStrategies.<String, String>Subscribe(topics, params, fromOffsets));
    if (o.stateful()) {
      StatefulPipeline.build(
          stream,
          o,
          true,
          kafkaPartitions,
          StatefulPipeline.initialState(sc, stored.state(), kafkaPartitions, o.stateBytes()));
    } else {
      stream.foreachRDD(new WriteBatch(true));
    }
    if (o.upgradeExtraOperator()) {
      addExtraOperator(stream);
    }
    return ssc;
  }

  /**
   * The operator that {@code --upgrade-extra-operator true} adds, as a code change would: a map to
   * the record's partition, counted per batch, with its own output operation. It logs {@code
   * RB-EXTRA-OPERATOR} for each non-empty batch, so a restarted driver shows whether the changed
   * code runs (a context recovered from a checkpoint runs the checkpointed graph).
   */
  static void addExtraOperator(JavaInputDStream<ConsumerRecord<String, String>> stream) {
    stream
        .map(r -> r.partition())
        .countByValue()
        .foreachRDD(
            (rdd, time) -> {
              if (!rdd.isEmpty()) {
                System.out.println(
                    "RB-EXTRA-OPERATOR time="
                        + time.milliseconds()
                        + " records_per_partition="
                        + new TreeMap<>(rdd.collectAsMap()));
              }
            });
  }

  static String describe(Map<TopicPartition, Long> offsets) {
    return new TreeMap<>(
            offsets.entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().partition(), Map.Entry::getValue)))
        .toString();
  }

  static String describe(OffsetRange[] ranges) {
    return Arrays.stream(ranges)
        .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
        .map(r -> r.partition() + ":[" + r.fromOffset() + "," + r.untilOffset() + ")")
        .collect(Collectors.joining(" "));
  }

  /** The body of {@code foreachRDD}; it runs on the driver once per batch. */
  static final class WriteBatch
      implements VoidFunction2<JavaRDD<ConsumerRecord<String, String>>, Time> {
    private static final long serialVersionUID = 1L;
    private final boolean transactional;
    private transient boolean firstBatchSeen;

    WriteBatch(boolean transactional) {
      this.transactional = transactional;
    }

    @Override
    public void call(JavaRDD<ConsumerRecord<String, String>> rdd, Time time) {
      OffsetRange[] ranges = ((HasOffsetRanges) rdd.rdd()).offsetRanges();
      SinkConfig sink = currentSink;
      if (!rdd.isEmpty()) {
        long count = rdd.count();
        System.out.println("Received " + count + " records.");
        System.out.println(
            "RB-BATCH time="
                + time.milliseconds()
                + " incarnation="
                + sink.incarnation()
                + (firstBatchSeen ? "" : " first=true")
                + " offsets="
                + describe(ranges));
        firstBatchSeen = true;
        rdd.foreachPartition(new PartitionWriter(sink, transactional ? ranges : null));
      }
    }
  }
}
