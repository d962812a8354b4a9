package org.recoverybench.lab.flink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.recoverybench.lab.LabException;

/**
 * The one client of a Flink cluster's REST API that recoverybench has: every reply is read as JSON
 * (Jackson), with the field names of Flink's REST API. A JobManager that does not answer, answers
 * with an error, or answers with something that is not JSON gives an empty reply, never an
 * exception: the callers poll, and a JobManager that is down is a state they wait through.
 *
 * <p>Flink names job and task states in upper case ({@code RUNNING}, {@code CANCELED}); a job
 * vertex's {@code tasks} counts its subtasks by those names.
 */
public final class FlinkRest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<String> baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * @param baseUrl the REST address, e.g. {@code http://127.0.0.1:8081}
   */
  public FlinkRest(String baseUrl) {
    this(() -> baseUrl);
  }

  /**
   * A client whose address is asked for at each request: with JobManager high availability the REST
   * API to ask moves to the standby that took over.
   */
  public FlinkRest(Supplier<String> baseUrl) {
    this.baseUrl = baseUrl;
  }

  public String baseUrl() {
    return baseUrl.get();
  }

  /** GET on the REST API: the body, or empty if the JobManager does not answer or errs. */
  public Optional<String> getText(String path) {
    try {
      HttpResponse<String> r = send(path);
      return r.statusCode() / 100 == 2 ? Optional.of(r.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * GET on the REST API, read as JSON, for a check that must say why it failed: a {@link
   * LabException} names the address and the HTTP status, the connection's root error, or a reply
   * that is not JSON.
   */
  public JsonNode require(String path) {
    HttpResponse<String> r;
    try {
      r = send(path);
    } catch (IOException e) {
      throw new LabException("cannot reach the Flink REST API at " + baseUrl() + ": " + root(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabException("interrupted while asking the Flink REST API at " + baseUrl());
    }
    if (r.statusCode() != 200) {
      throw new LabException(
          "the Flink REST API at "
              + baseUrl()
              + " answered HTTP "
              + r.statusCode()
              + " to "
              + path);
    }
    return parse(r.body())
        .orElseThrow(
            () ->
                new LabException(
                    "the Flink REST API at " + baseUrl() + " answered " + path + " with no JSON"));
  }

  private HttpResponse<String> send(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String root(Throwable e) {
    Throwable r = e;
    while (r.getCause() != null) {
      r = r.getCause();
    }
    return r.getMessage() == null ? r.getClass().getSimpleName() : r.getMessage();
  }

  /** GET on the REST API, read as JSON; empty as {@link #getText}, or if the body is not JSON. */
  public Optional<JsonNode> get(String path) {
    return getText(path).flatMap(FlinkRest::parse);
  }

  static Optional<JsonNode> parse(String body) {
    try {
      return Optional.of(JSON.readTree(body));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** Whether the JobManager answers ({@code /overview}). */
  public boolean answers() {
    return get("/overview").isPresent();
  }

  /** The TaskManagers registered with the JobManager; 0 if it does not answer. */
  public int taskManagers() {
    return get("/overview").map(n -> n.path("taskmanagers").asInt(0)).orElse(0);
  }

  /** Cancels a job ({@code PATCH /jobs/<id>?mode=cancel}). */
  public void cancel(String jobId) {
    try {
      http.send(
          HttpRequest.newBuilder(URI.create(baseUrl() + "/jobs/" + jobId + "?mode=cancel"))
              .timeout(Duration.ofSeconds(10))
              .method("PATCH", HttpRequest.BodyPublishers.noBody())
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new LabException("cannot cancel job " + jobId + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The job's state ({@code RUNNING}, {@code FAILED}, ...), if the JobManager knows the job. */
  public Optional<String> jobState(String jobId) {
    return get("/jobs/" + jobId).flatMap(j -> text(j, "state"));
  }

  /**
   * When the job last switched to {@code state} (e.g. {@code RUNNING}), in epoch ms, from the job's
   * {@code timestamps}; empty if the JobManager does not answer or the job never was in it.
   */
  public java.util.OptionalLong jobStateSince(String jobId, String state) {
    Optional<JsonNode> job = get("/jobs/" + jobId);
    if (job.isEmpty()) {
      return java.util.OptionalLong.empty();
    }
    long t = job.get().path("timestamps").path(state).asLong(0);
    return t > 0 ? java.util.OptionalLong.of(t) : java.util.OptionalLong.empty();
  }

  /** How many subtasks of the job are {@code RUNNING}: the sum over its vertices. */
  public int runningTasks(String jobId) {
    return get("/jobs/" + jobId).map(FlinkRest::runningTasks).orElse(0);
  }

  static int runningTasks(JsonNode job) {
    int n = 0;
    for (JsonNode v : job.path("vertices")) {
      n += v.path("tasks").path("RUNNING").asInt(0);
    }
    return n;
  }

  /** The names of the job's vertices (its chained operators), in the plan's order. */
  public List<String> vertexNames(String jobId) {
    List<String> names = new ArrayList<>();
    get("/jobs/" + jobId)
        .ifPresent(j -> j.path("vertices").forEach(v -> names.add(v.path("name").asText())));
    return names;
  }

  /**
   * The resource ids of the TaskManagers that run subtasks of the job ({@code taskmanager-id} of
   * each vertex's {@code /taskmanagers} listing).
   */
  public Set<String> taskManagerIds(String jobId) {
    Set<String> ids = new LinkedHashSet<>();
    List<String> vertices = new ArrayList<>();
    get("/jobs/" + jobId)
        .ifPresent(j -> j.path("vertices").forEach(v -> vertices.add(v.path("id").asText())));
    for (String vertex : vertices) {
      get("/jobs/" + jobId + "/vertices/" + vertex + "/taskmanagers")
          .ifPresent(
              b -> b.path("taskmanagers").forEach(t -> ids.add(t.path("taskmanager-id").asText())));
    }
    return ids;
  }

  /** The checkpoint counts of {@code /jobs/<id>/checkpoints}. */
  public record CheckpointCounts(long completed, long failed, long inProgress) {}

  /**
   * One checkpoint of the REST API's history: {@code sizeBytes} what it wrote (its increment),
   * {@code stateBytes} the whole state it stands for (the bytes a restore reads), {@code
   * triggeredAtMs} when the JobManager triggered it and {@code latestAckAtMs} when the last task
   * acknowledged it (a completed checkpoint's completion, but for writing its metadata); 0 where
   * the reply does not say.
   */
  public record Checkpoint(
      long id,
      String status,
      long sizeBytes,
      long endToEndMs,
      long latestAckAtMs,
      long stateBytes,
      long triggeredAtMs) {

    public Checkpoint(
        long id,
        String status,
        long sizeBytes,
        long endToEndMs,
        long latestAckAtMs,
        long stateBytes) {
      this(id, status, sizeBytes, endToEndMs, latestAckAtMs, stateBytes, 0);
    }

    public Checkpoint(long id, String status, long sizeBytes, long endToEndMs, long latestAckAtMs) {
      this(id, status, sizeBytes, endToEndMs, latestAckAtMs, sizeBytes);
    }
  }

  /**
   * The checkpoint the job restored last ({@code latest.restored} of {@code
   * /jobs/<id>/checkpoints}): its id and when the JobManager restored it, epoch ms.
   */
  public record Restored(long id, long restoredAtMs, String externalPath) {}

  /** What one read of {@code /jobs/<id>/checkpoints} tells: counts, history, the last restore. */
  public record Checkpoints(
      CheckpointCounts counts, List<Checkpoint> history, Optional<Restored> restored) {}

  /** {@code /jobs/<id>/checkpoints} read once; empty if the JobManager does not answer. */
  public Optional<Checkpoints> checkpoints(String jobId) {
    return get("/jobs/" + jobId + "/checkpoints").map(FlinkRest::checkpoints);
  }

  static Checkpoints checkpoints(JsonNode n) {
    return new Checkpoints(counts(n), history(n), restored(n));
  }

  static Optional<Restored> restored(JsonNode checkpoints) {
    JsonNode r = checkpoints.path("latest").path("restored");
    if (!r.isObject() || r.path("restore_timestamp").asLong(0) <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        new Restored(
            r.path("id").asLong(),
            r.path("restore_timestamp").asLong(),
            text(r, "external_path").orElse(null)));
  }

  public Optional<CheckpointCounts> checkpointCounts(String jobId) {
    return get("/jobs/" + jobId + "/checkpoints").map(FlinkRest::counts);
  }

  static CheckpointCounts counts(JsonNode checkpoints) {
    JsonNode c = checkpoints.path("counts");
    return new CheckpointCounts(
        c.path("completed").asLong(0), c.path("failed").asLong(0), c.path("in_progress").asLong(0));
  }

  /** The number of completed checkpoints of a job; 0 if the JobManager does not answer. */
  public long completedCheckpoints(String jobId) {
    return checkpointCounts(jobId).map(CheckpointCounts::completed).orElse(0L);
  }

  /** The checkpoints the JobManager remembers of a job ({@code history}), newest first. */
  public List<Checkpoint> checkpointHistory(String jobId) {
    return get("/jobs/" + jobId + "/checkpoints").map(FlinkRest::history).orElse(List.of());
  }

  static List<Checkpoint> history(JsonNode checkpoints) {
    List<Checkpoint> out = new ArrayList<>();
    for (JsonNode c : checkpoints.path("history")) {
      // checkpointed_size is what the checkpoint wrote (incremental); state_size the whole state
      long size =
          c.has("checkpointed_size")
              ? c.path("checkpointed_size").asLong()
              : c.path("state_size").asLong();
      out.add(
          new Checkpoint(
              c.path("id").asLong(),
              c.path("status").asText(""),
              size,
              c.path("end_to_end_duration").asLong(),
              c.path("latest_ack_timestamp").asLong(),
              c.path("state_size").asLong(size),
              c.path("trigger_timestamp").asLong(0)));
    }
    return out;
  }

  /** The status of one checkpoint ({@code COMPLETED}, {@code FAILED}, ...), if known. */
  public Optional<String> checkpointStatus(String jobId, long checkpointId) {
    return get("/jobs/" + jobId + "/checkpoints/details/" + checkpointId)
        .flatMap(n -> text(n, "status"));
  }

  /** A job metric's value, e.g. {@code numRestarts}. */
  public Optional<Long> jobMetric(String jobId, String metric) {
    return get("/jobs/" + jobId + "/metrics?get=" + metric)
        .flatMap(
            n -> {
              for (JsonNode m : n) {
                if (metric.equals(m.path("id").asText())) {
                  return Optional.of(m.path("value").asLong());
                }
              }
              return Optional.empty();
            });
  }

  /**
   * The job's exceptions: the root exception, and the stack trace of every entry of the exception
   * history (newest first; each entry is one failure the job failed over from, or failed on).
   */
  public record Exceptions(String rootException, List<String> history) {}

  public Optional<Exceptions> exceptions(String jobId, int max) {
    return get("/jobs/" + jobId + "/exceptions?maxExceptions=" + max).map(FlinkRest::exceptions);
  }

  static Exceptions exceptions(JsonNode n) {
    List<String> traces = new ArrayList<>();
    n.path("exceptionHistory")
        .path("entries")
        .forEach(e -> traces.add(e.path("stacktrace").asText("")));
    return new Exceptions(n.path("root-exception").asText(""), traces);
  }

  /**
   * When each failure of the job's exception history happened ({@code timestamp} of each entry of
   * {@code exceptionHistory}), epoch ms, newest first; empty if the JobManager does not answer.
   */
  public List<Long> failureTimes(String jobId) {
    return get("/jobs/" + jobId + "/exceptions?maxExceptions=100")
        .map(FlinkRest::failureTimes)
        .orElse(List.of());
  }

  static List<Long> failureTimes(JsonNode exceptions) {
    List<Long> out = new ArrayList<>();
    exceptions
        .path("exceptionHistory")
        .path("entries")
        .forEach(
            e -> {
              long t = e.path("timestamp").asLong(0);
              if (t > 0) {
                out.add(t);
              }
            });
    return out;
  }

  /**
   * When the job last entered each of its states ({@code timestamps} of {@code /jobs/<id>}: e.g.
   * {@code INITIALIZING}, {@code CREATED}, {@code RUNNING}, {@code RESTARTING}), epoch ms; the
   * states it never entered are left out. Empty if the JobManager does not answer.
   */
  public Map<String, Long> jobStateTimes(String jobId) {
    return get("/jobs/" + jobId).map(FlinkRest::jobStateTimes).orElse(Map.of());
  }

  static Map<String, Long> jobStateTimes(JsonNode job) {
    return positiveTimes(job.path("timestamps"));
  }

  /**
   * The current attempt of one subtask: its {@code attempt} number where the reply gives it, and
   * when it entered each state (e.g. {@code DEPLOYING}, {@code INITIALIZING}, {@code RUNNING}),
   * epoch ms; the states it never entered are left out.
   */
  public record SubtaskTimes(String vertex, int subtask, Map<String, Long> timestamps) {}

  /**
   * The current attempt of every subtask of every vertex of the job ({@code
   * /jobs/<id>/vertices/<vertex>/subtasktimes}); empty if the JobManager does not answer, and
   * without the vertices whose reply did not come.
   */
  public List<SubtaskTimes> subtaskTimes(String jobId) {
    List<String> vertices = new ArrayList<>();
    get("/jobs/" + jobId)
        .ifPresent(j -> j.path("vertices").forEach(v -> vertices.add(v.path("id").asText())));
    List<SubtaskTimes> out = new ArrayList<>();
    for (String vertex : vertices) {
      get("/jobs/" + jobId + "/vertices/" + vertex + "/subtasktimes")
          .ifPresent(n -> out.addAll(subtaskTimes(n)));
    }
    return out;
  }

  static List<SubtaskTimes> subtaskTimes(JsonNode vertexTimes) {
    String vertex = vertexTimes.path("id").asText("");
    List<SubtaskTimes> out = new ArrayList<>();
    for (JsonNode s : vertexTimes.path("subtasks")) {
      out.add(
          new SubtaskTimes(vertex, s.path("subtask").asInt(), positiveTimes(s.path("timestamps"))));
    }
    return out;
  }

  /** The fields of an object whose value is a positive number (a time that happened). */
  private static Map<String, Long> positiveTimes(JsonNode times) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> f : times.properties()) {
      long t = f.getValue().asLong(0);
      if (t > 0) {
        m.put(f.getKey(), t);
      }
    }
    return m;
  }

  /** The JobManager's configuration ({@code /jobmanager/config}), key by key; empty if unread. */
  public Optional<Map<String, String>> jobManagerConfig() {
    return get("/jobmanager/config")
        .map(
            n -> {
              Map<String, String> m = new LinkedHashMap<>();
              n.forEach(kv -> m.put(kv.path("key").asText(), kv.path("value").asText()));
              return m;
            });
  }

  private static Optional<String> text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }
}
