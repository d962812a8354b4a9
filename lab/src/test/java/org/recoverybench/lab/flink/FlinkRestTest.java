package org.recoverybench.lab.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.recoverybench.lab.LabException;
import org.recoverybench.process.Ports;

/** The REST client's reading of replies shaped as Flink 2.2's REST API writes them. */
class FlinkRestTest {
  private static JsonNode json(String s) {
    return FlinkRest.parse(s.replace('\'', '"')).orElseThrow();
  }

  @Test
  void runningTasksAreTheRunningSubtasksOfEveryVertexByTheirUpperCaseState() {
    JsonNode job =
        json(
            "{'jid':'5f0c','state':'RUNNING','status-counts':{'RUNNING':2},'vertices':["
                + "{'id':'a1','name':'Source: kafka -> parse','parallelism':2,"
                + "'tasks':{'CREATED':0,'RUNNING':2,'FAILED':0}},"
                + "{'id':'b2','name':'count -> Sink: jdbc','parallelism':2,"
                + "'tasks':{'RUNNING':1,'INITIALIZING':1}}]}");
    assertThat(FlinkRest.runningTasks(job)).isEqualTo(3);
    assertThat(FlinkRest.runningTasks(json("{'state':'CREATED'}"))).isZero();
  }

  @Test
  void checkpointCountsAndHistory() {
    JsonNode cps =
        json(
            "{'counts':{'restored':0,'total':4,'in_progress':1,'completed':2,'failed':1},"
                + "'history':["
                + "{'id':4,'status':'IN_PROGRESS','checkpointed_size':0,'state_size':0,"
                + "'end_to_end_duration':0,'latest_ack_timestamp':0},"
                + "{'id':3,'status':'COMPLETED','checkpointed_size':2048,'state_size':9000,"
                + "'end_to_end_duration':120,'latest_ack_timestamp':1764000000500},"
                + "{'id':2,'status':'COMPLETED','state_size':4096,"
                + "'end_to_end_duration':80,'latest_ack_timestamp':1764000000000}]}");
    assertThat(FlinkRest.counts(cps)).isEqualTo(new FlinkRest.CheckpointCounts(2, 1, 1));
    assertThat(FlinkRest.history(cps))
        .containsExactly(
            new FlinkRest.Checkpoint(4, "IN_PROGRESS", 0, 0, 0),
            // what an incremental checkpoint wrote, beside the whole state it stands for
            new FlinkRest.Checkpoint(3, "COMPLETED", 2048, 120, 1764000000500L, 9000),
            // a reply without checkpointed_size: the state size
            new FlinkRest.Checkpoint(2, "COMPLETED", 4096, 80, 1764000000000L));
  }

  @Test
  void exceptionsGiveTheRootExceptionAndTheHistoryNewestFirst() {
    JsonNode ex =
        json(
            "{'root-exception':'java.lang.Exception: boom','timestamp':1,"
                + "'exceptionHistory':{'entries':["
                + "{'exceptionName':'java.lang.Exception','stacktrace':'second'},"
                + "{'exceptionName':'java.lang.Exception','stacktrace':'first'}],"
                + "'truncated':false}}");
    FlinkRest.Exceptions e = FlinkRest.exceptions(ex);
    assertThat(e.rootException()).isEqualTo("java.lang.Exception: boom");
    assertThat(e.history()).containsExactly("second", "first");
    assertThat(FlinkRest.exceptions(json("{}")).history()).isEmpty();
  }

  // Replies of a Flink 2.2 session cluster (lab up --flink --taskmanagers 2), 2.4 s after the
  // kill -9 at 1796309318527 of the TaskManager that ran job 79a3…'s subtasks: shortened (metrics
  // and summaries left out, the stack trace cut), their fields and values as Flink wrote them.

  /** {@code /jobs/<id>/exceptions}: Flink 2.x has only the exception history. */
  static final String EXCEPTIONS_AFTER_KILL =
      "{'exceptionHistory':{'entries':[{"
          + "'exceptionName':'org.apache.flink.runtime.jobmaster.JobMasterException',"
          + "'stacktrace':'org.apache.flink.runtime.jobmaster.JobMasterException: TaskManager with"
          + " id tm-0 is no longer reachable.\\n\\tat org.apache.flink.runtime.jobmaster.JobMaster',"
          + "'timestamp':1796309320073,'failureLabels':{},"
          + "'taskName':'Source: kafka: [events] -> parse -> (jdbc: exactly-once: Writer -> jdbc:"
          + " exactly-once: Committer, partial counts) (2/2) - execution #0',"
          + "'endpoint':'localhost:37605','taskManagerId':'tm-0','concurrentExceptions':[]}],"
          + "'truncated':false}}";

  /** {@code /jobs/<id>}: the job is RUNNING again before any of its subtasks is deployed. */
  static final String JOB_AFTER_KILL =
      "{'jid':'79a320ab4b5c9c1ec41892e01cdb3b7a','name':'recoverybench-flink-job',"
          + "'isStoppable':false,'state':'RUNNING','job-type':'STREAMING',"
          + "'start-time':1796309277193,'end-time':-1,"
          + "'timestamps':{'CANCELLING':0,'FINISHED':0,'CREATED':1796309278766,'FAILED':0,"
          + "'RUNNING':1796309321196,'CANCELED':0,'SUSPENDED':0,'INITIALIZING':1796309277193,"
          + "'RESTARTING':1796309320086,'FAILING':0,'RECONCILING':0},"
          + "'vertices':[{'id':'61252f73469d3ffba207c548d29a0267','parallelism':2,"
          + "'status':'RUNNING','tasks':{'RUNNING':2}},"
          + "{'id':'922ab2f5852f77ef3b1869c12a76973d','parallelism':1,"
          + "'status':'RUNNING','tasks':{'RUNNING':1}}]}";

  /** {@code /jobs/<id>/vertices/<source vertex>/subtasktimes}: the current attempts. */
  static final String SUBTASK_TIMES_AFTER_KILL =
      "{'id':'61252f73469d3ffba207c548d29a0267','name':'Source: kafka: [events] -> parse',"
          + "'now':1796309345000,'subtasks':["
          + "{'subtask':0,'endpoint':'localhost:37047','duration':17946,'timestamps':{"
          + "'CANCELED':0,'CREATED':1796309321196,'INITIALIZING':1796309324423,"
          + "'RUNNING':1796309327054,'SCHEDULED':1796309321256,'FAILED':0,'RECONCILING':0,"
          + "'CANCELING':0,'DEPLOYING':1796309321454,'FINISHED':0}},"
          + "{'subtask':1,'endpoint':'localhost:37047','duration':17946,'timestamps':{"
          + "'CANCELED':0,'CREATED':1796309321197,'INITIALIZING':1796309324431,"
          + "'RUNNING':1796309327054,'SCHEDULED':1796309321258,'FAILED':0,'RECONCILING':0,"
          + "'CANCELING':0,'DEPLOYING':1796309321459,'FINISHED':0}}]}";

  /** {@code /jobs/<id>/checkpoints}: the restore, and the history around the kill. */
  static final String CHECKPOINTS_AFTER_KILL =
      "{'counts':{'restored':1,'total':13,'in_progress':0,'completed':9,'failed':4},"
          + "'latest':{'completed':null,'savepoint':null,'failed':null,"
          + "'restored':{'id':6,'restore_timestamp':1796309321201,'is_savepoint':false,"
          + "'external_path':'s3://recoverybench/flink/r1/79a320ab4b5c9c1ec41892e01cdb3b7a/chk-6'}},"
          + "'history':["
          + "{'className':'completed','id':8,'status':'COMPLETED','is_savepoint':false,"
          + "'trigger_timestamp':1796309331616,'latest_ack_timestamp':1796309332663,"
          + "'checkpointed_size':27100,'state_size':31000,'end_to_end_duration':1047},"
          + "{'className':'failed','id':7,'status':'FAILED','is_savepoint':false,"
          + "'trigger_timestamp':1796309319883,'latest_ack_timestamp':-1,"
          + "'checkpointed_size':0,'state_size':0,'end_to_end_duration':1313},"
          + "{'className':'completed','id':6,'status':'COMPLETED','is_savepoint':false,"
          + "'trigger_timestamp':1796309314884,'latest_ack_timestamp':1796309315131,"
          + "'checkpointed_size':26900,'state_size':30800,'end_to_end_duration':247}]}";

  @Test
  void aFailureOfTheExceptionHistoryHasItsTimestamp() {
    assertThat(FlinkRest.failureTimes(json(EXCEPTIONS_AFTER_KILL))).containsExactly(1796309320073L);
    assertThat(FlinkRest.failureTimes(json("{'exceptionHistory':{'entries':[]}}"))).isEmpty();
  }

  @Test
  void theJobsStateTimesAreTheStatesItEnteredAndWhen() {
    assertThat(FlinkRest.jobStateTimes(json(JOB_AFTER_KILL)))
        .containsExactly(
            java.util.Map.entry("CREATED", 1796309278766L),
            java.util.Map.entry("RUNNING", 1796309321196L),
            java.util.Map.entry("INITIALIZING", 1796309277193L),
            java.util.Map.entry("RESTARTING", 1796309320086L));
  }

  @Test
  void subtaskTimesAreThoseOfEachSubtasksCurrentAttempt() {
    var times = FlinkRest.subtaskTimes(json(SUBTASK_TIMES_AFTER_KILL));
    assertThat(times).hasSize(2);
    assertThat(times.get(1).vertex()).isEqualTo("61252f73469d3ffba207c548d29a0267");
    assertThat(times.get(1).subtask()).isEqualTo(1);
    assertThat(times.get(1).timestamps())
        .containsEntry("DEPLOYING", 1796309321459L)
        .containsEntry("RUNNING", 1796309327054L)
        .doesNotContainKey("FAILED"); // 0: never entered
  }

  @Test
  void theLastRestoreAndWhenEachCheckpointWasTriggered() {
    FlinkRest.Checkpoints c = FlinkRest.checkpoints(json(CHECKPOINTS_AFTER_KILL));
    assertThat(c.counts()).isEqualTo(new FlinkRest.CheckpointCounts(9, 4, 0));
    assertThat(c.restored())
        .contains(
            new FlinkRest.Restored(
                6,
                1796309321201L,
                "s3://recoverybench/flink/r1/79a320ab4b5c9c1ec41892e01cdb3b7a/chk-6"));
    assertThat(c.history())
        .extracting(FlinkRest.Checkpoint::id, FlinkRest.Checkpoint::triggeredAtMs)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(8L, 1796309331616L),
            org.assertj.core.groups.Tuple.tuple(7L, 1796309319883L),
            org.assertj.core.groups.Tuple.tuple(6L, 1796309314884L));
    // before any restore Flink writes null
    assertThat(
            FlinkRest.restored(
                json(
                    "{'latest':{'completed':null,'savepoint':null,'failed':null,'restored':null}}")))
        .isEmpty();
  }

  @Test
  void aReplyThatIsNotJsonIsNoReply() {
    assertThat(FlinkRest.parse("<html>502 Bad Gateway</html>")).isEmpty();
  }

  @Test
  void aJobManagerThatDoesNotAnswerIsEmptyForPollsAndOneLineForChecks() {
    // a port that nothing listens on
    FlinkRest rest = new FlinkRest("http://" + Ports.LOOPBACK + ":" + Ports.free());
    assertThat(rest.answers()).isFalse();
    assertThat(rest.taskManagers()).isZero();
    assertThat(rest.jobState("5f0c")).isEmpty();
    assertThat(rest.checkpointHistory("5f0c")).isEmpty();
    assertThatThrownBy(() -> rest.require("/overview"))
        .isInstanceOf(LabException.class)
        .hasMessageStartingWith("cannot reach the Flink REST API at " + rest.baseUrl() + ": ");
  }
}
