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
