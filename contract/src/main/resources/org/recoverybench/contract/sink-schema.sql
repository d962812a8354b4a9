-- The sink contract of recoverybench (see docs/design.md): every write carries its provenance, so
-- the checker can account for every id with SQL alone. This file is the one place the schema lives;
-- the statements that write it are SinkSql, beside it, and SinkSqlTest checks them against it.
-- It is idempotent: every lab kind applies it on start.

-- One row per write that committed. `append` and `exactly-once` writes land here directly;
-- `upsert` writes land in sink_upsert and a trigger copies each of them here, so replays are
-- counted in every mode.
CREATE TABLE IF NOT EXISTS sink_writes (
  write_seq       BIGSERIAL   PRIMARY KEY,
  run_id          TEXT        NOT NULL,
  engine          TEXT        NOT NULL,
  variant         TEXT        NOT NULL,
  sink_mode       TEXT        NOT NULL,
  topic           TEXT        NOT NULL,
  kafka_partition INTEGER     NOT NULL,
  kafka_offset    BIGINT      NOT NULL,
  event_id        BIGINT      NOT NULL,
  event_time      TIMESTAMPTZ NOT NULL,
  incarnation     INTEGER     NOT NULL,
  payload         TEXT,
  written_at      TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX IF NOT EXISTS sink_writes_by_run ON sink_writes (run_id, engine, variant, event_id);

-- `upsert` mode: one row per id, idempotent with ON CONFLICT; write_count counts the replays.
CREATE TABLE IF NOT EXISTS sink_upsert (
  run_id          TEXT        NOT NULL,
  engine          TEXT        NOT NULL,
  variant         TEXT        NOT NULL,
  event_id        BIGINT      NOT NULL,
  topic           TEXT        NOT NULL,
  kafka_partition INTEGER     NOT NULL,
  kafka_offset    BIGINT      NOT NULL,
  event_time      TIMESTAMPTZ NOT NULL,
  incarnation     INTEGER     NOT NULL,
  payload         TEXT,
  written_at      TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
  write_count     INTEGER     NOT NULL DEFAULT 1,
  PRIMARY KEY (run_id, engine, variant, event_id)
);

CREATE OR REPLACE FUNCTION sink_upsert_log() RETURNS trigger AS $$
BEGIN
  INSERT INTO sink_writes (run_id, engine, variant, sink_mode, topic, kafka_partition,
                           kafka_offset, event_id, event_time, incarnation, payload, written_at)
  VALUES (NEW.run_id, NEW.engine, NEW.variant, 'upsert', NEW.topic, NEW.kafka_partition,
          NEW.kafka_offset, NEW.event_id, NEW.event_time, NEW.incarnation, NEW.payload,
          clock_timestamp());
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE TRIGGER sink_upsert_logged
  AFTER INSERT OR UPDATE ON sink_upsert
  FOR EACH ROW EXECUTE FUNCTION sink_upsert_log();

-- The state of the stateful pipeline (workload.keys): one row per key of a run's engine and
-- variant, upserted with every record the engine folds into the key; the last write wins.
-- record_count and value_sum are the key's running count and sum (of event ids) as the engine's
-- state held them after folding last_event_id; version counts the writes of the row, so a replay
-- that folds records again shows as more writes than records.
CREATE TABLE IF NOT EXISTS sink_state (
  run_id          TEXT        NOT NULL,
  engine          TEXT        NOT NULL,
  variant         TEXT        NOT NULL,
  state_key       BIGINT      NOT NULL,
  record_count    BIGINT      NOT NULL,
  value_sum       BIGINT      NOT NULL,
  last_event_id   BIGINT      NOT NULL,
  incarnation     INTEGER     NOT NULL,
  written_at      TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
  version         BIGINT      NOT NULL DEFAULT 1,
  PRIMARY KEY (run_id, engine, variant, state_key)
);

-- Offsets kept in the database, written in the same transaction as the results
-- (the Spark `transactional` variant, as the Spark Kafka integration guide describes).
CREATE TABLE IF NOT EXISTS stream_offsets (
  run_id          TEXT        NOT NULL,
  group_id        TEXT        NOT NULL,
  topic           TEXT        NOT NULL,
  kafka_partition INTEGER     NOT NULL,
  next_offset     BIGINT      NOT NULL,
  updated_at      TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (run_id, group_id, topic, kafka_partition)
);

-- Records that could not be parsed (poison records), when the dead-letter policy is chosen.
CREATE TABLE IF NOT EXISTS sink_dead_letters (
  run_id          TEXT        NOT NULL,
  engine          TEXT        NOT NULL,
  variant         TEXT        NOT NULL,
  topic           TEXT        NOT NULL,
  kafka_partition INTEGER     NOT NULL,
  kafka_offset    BIGINT      NOT NULL,
  raw_value       TEXT,
  error           TEXT        NOT NULL,
  incarnation     INTEGER     NOT NULL,
  written_at      TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);

-- The batches a Structured Streaming foreachBatch has written (the `structured-idempotent`
-- variant): the batch's rows and this row commit in one transaction, and a batch whose id is
-- already here for the run and query is skipped, as Spark's documentation recommends.
CREATE TABLE IF NOT EXISTS stream_batches (
  run_id          TEXT        NOT NULL,
  query_id        TEXT        NOT NULL,
  batch_id        BIGINT      NOT NULL,
  row_count       INTEGER     NOT NULL,
  incarnation     INTEGER     NOT NULL,
  written_at      TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (run_id, query_id, batch_id)
);
