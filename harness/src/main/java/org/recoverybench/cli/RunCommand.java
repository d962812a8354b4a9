package org.recoverybench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.recoverybench.lab.EmbeddedLab;
import org.recoverybench.lab.ExternalLab;
import org.recoverybench.lab.Lab;
import org.recoverybench.lab.LabConfig;
import org.recoverybench.process.ProcessRegistry;
import org.recoverybench.run.SuiteRunner;
import org.recoverybench.scenario.Scenario;
import org.recoverybench.scenario.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recoverybench run}: one or more scenario files on the lab. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Runs scenario files on both engines (or one) and writes results.")
public final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--scenario",
      required = true,
      description = "A scenario file (repeat for several); see scenarios/README.md.")
  List<Path> scenarioFiles = new ArrayList<>();

  @Option(
      names = "--engine",
      defaultValue = "both",
      description = "flink, spark or both (default: ${DEFAULT-VALUE}).")
  Engine engine;

  Integer trials;

  @Option(
      names = "--trials",
      description = "Trials per target (1 or more); overrides the scenario's.")
  void trials(int n) {
    trials = checkTrials(spec, n);
  }

  @Option(
      names = "--out",
      description = "Where results go, an empty or new directory (default: results/<timestamp>).")
  Path out;

  @Option(
      names = "--resume",
      description =
          "Continue the run in --out that the same command started: trials with a result.json"
              + " are kept, the others run (again).")
  boolean resume;

  @Option(
      names = "--lab",
      defaultValue = "embedded",
      description =
          "Where the servers come from: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  LabKind lab;

  @Option(
      names = "--work-dir",
      description = "Lab data and engine work files (default: work/<results dir name>).")
  Path workDir;

  /** Engines to run. */
  enum Engine {
    flink,
    spark,
    both
  }

  /** Lab kinds. */
  enum LabKind {
    embedded,
    containers,
    external
  }

  @picocli.CommandLine.ArgGroup(
      exclusive = false,
      heading = "Endpoints of --lab external (default: the variables that 'lab up' prints)%n")
  ExternalEndpoints external = new ExternalEndpoints();

  /** Endpoints of existing servers, from flags or the environment. */
  static final class ExternalEndpoints {
    @Option(
        names = "--kafka-bootstrap",
        defaultValue = "${env:KAFKA_BOOTSTRAP}",
        description = "Kafka bootstrap servers.")
    String kafka;

    @Option(
        names = "--s3-endpoint",
        defaultValue = "${env:S3_ENDPOINT}",
        description = "S3 endpoint URL.")
    String s3Endpoint;

    @Option(
        names = "--s3-bucket",
        defaultValue = "${env:S3_BUCKET:-recoverybench}",
        description = "S3 bucket.")
    String s3Bucket;

    @Option(
        names = "--s3-access-key",
        defaultValue = "${env:S3_ACCESS_KEY}",
        description = "S3 access key (prefer the variable).")
    String s3AccessKey;

    /** Refused: a secret on the command line shows in ps and in run.json's command. */
    @Option(names = "--s3-secret-key", hidden = true)
    String s3SecretKeyFlag;

    @Option(
        names = "--jdbc-url",
        defaultValue = "${env:JDBC_URL}",
        description = "PostgreSQL JDBC URL.")
    String jdbcUrl;

    @Option(
        names = "--jdbc-user",
        defaultValue = "${env:JDBC_USER}",
        description = "PostgreSQL user.")
    String jdbcUser;

    /** Refused, as {@code --s3-secret-key}. */
    @Option(names = "--jdbc-password", hidden = true)
    String jdbcPasswordFlag;

    @Option(
        names = "--flink-rest",
        defaultValue = "${env:FLINK_REST_URL}",
        description =
            "REST address of an existing Flink session cluster, e.g. http://127.0.0.1:8081: the job"
                + " is submitted there with 'flink run -m' (default: the harness starts its own"
                + " cluster). Scenarios that kill a TaskManager or JobManager need a cluster of"
                + " their own.")
    String flinkRest;

    @Option(
        names = "--spark-master",
        defaultValue = "${env:SPARK_MASTER_URL}",
        description =
            "URL of an existing Spark standalone master, e.g. spark://127.0.0.1:7077: the driver"
                + " runs here, the executors there (default: local[N], or the harness's own"
                + " master and worker for kill-executor).")
    String sparkMaster;

    org.recoverybench.lab.ExistingEngines engines() {
      return new org.recoverybench.lab.ExistingEngines(flinkRest, sparkMaster);
    }

    org.recoverybench.lab.Endpoints endpoints() {
      String s3SecretKey = System.getenv("S3_SECRET_KEY");
      String jdbcPassword = System.getenv("JDBC_PASSWORD");
      String[][] required = {
        {"--kafka-bootstrap", kafka},
        {"--s3-endpoint", s3Endpoint},
        {"--s3-access-key", s3AccessKey},
        {"S3_SECRET_KEY", s3SecretKey},
        {"--jdbc-url", jdbcUrl},
        {"--jdbc-user", jdbcUser},
        {"JDBC_PASSWORD", jdbcPassword}
      };
      for (String[] r : required) {
        if (r[1] == null || r[1].isBlank()) {
          throw new org.recoverybench.lab.LabException(
              "--lab external needs "
                  + (r[0].startsWith("--")
                      ? r[0] + " (or its environment variable)"
                      : "the variable " + r[0]));
        }
      }
      return new org.recoverybench.lab.Endpoints(
          kafka,
          s3Endpoint,
          "us-east-1",
          s3Bucket,
          s3AccessKey,
          s3SecretKey,
          jdbcUrl,
          jdbcUser,
          jdbcPassword);
    }
  }

  /** The harness's own secrets come from the environment only. */
  void refuseSecretFlags() {
    if (external.s3SecretKeyFlag != null || external.jdbcPasswordFlag != null) {
      boolean s3 = external.s3SecretKeyFlag != null;
      String flag = s3 ? "--s3-secret-key" : "--jdbc-password";
      String var = s3 ? "S3_SECRET_KEY" : "JDBC_PASSWORD";
      throw new org.recoverybench.lab.LabException(
          flag
              + " is refused: a secret on the command line shows in ps and in run.json; set the"
              + " variable "
              + var
              + " instead");
    }
  }

  @Override
  public Integer call() throws Exception {
    refuseSecretFlags();
    org.recoverybench.lab.ExistingEngines engines = external.engines();
    if (lab != LabKind.external && (engines.flink().isPresent() || engines.spark().isPresent())) {
      throw new org.recoverybench.lab.LabException(
          "--flink-rest and --spark-master need --lab external");
    }
    return execute(
        spec.commandLine().getOut(),
        scenarioFiles,
        engine.name(),
        trials,
        out,
        workDir,
        resume,
        lab,
        lab == LabKind.external ? external.endpoints() : null,
        engines);
  }

  static Path defaultOut() {
    return Path.of(
        "results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }

  /** Refuses a number of trials below 1 while the command line is parsed. */
  static int checkTrials(CommandSpec spec, int n) {
    if (n < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--trials must be 1 or more, got " + n);
    }
    return n;
  }

  /**
   * Refuses an output directory that holds files, unless {@code resume} continues the run that the
   * same command started there (the command in its run.json).
   */
  static void checkOut(Path dir, boolean resume) throws java.io.IOException {
    if (!java.nio.file.Files.exists(dir)) {
      return;
    }
    if (!java.nio.file.Files.isDirectory(dir)) {
      throw new org.recoverybench.lab.LabException("--out " + dir + " is a file, not a directory");
    }
    boolean empty;
    try (var s = java.nio.file.Files.list(dir)) {
      empty = s.findAny().isEmpty();
    }
    if (empty) {
      return;
    }
    if (!resume) {
      throw new org.recoverybench.lab.LabException(
          "--out "
              + dir
              + " is not empty; give a new or empty directory, or --resume to continue the run"
              + " that this command started there");
    }
    Path runJson = dir.resolve("run.json");
    if (!java.nio.file.Files.isRegularFile(runJson)) {
      throw new org.recoverybench.lab.LabException(
          "--resume: " + dir + " holds no run.json, so no run to continue");
    }
    String recorded;
    try {
      recorded =
          org.recoverybench.result.ResultFiles.mapper()
              .readTree(runJson.toFile())
              .path("command")
              .asText("");
    } catch (java.io.IOException e) {
      throw new org.recoverybench.lab.LabException(
          "--resume: cannot read " + runJson + ": " + e.getClass().getSimpleName());
    }
    String now = org.recoverybench.run.RunInfo.command();
    if (!recorded.equals(now)) {
      throw new org.recoverybench.lab.LabException(
          "--resume: " + runJson + " records '" + recorded + "', not this command '" + now + "'");
    }
  }

  /** Loads the scenario files (each is checked before anything starts) and runs them. */
  static int execute(
      PrintWriter console,
      List<Path> files,
      String engine,
      Integer trials,
      Path out,
      Path workDir,
      boolean resume,
      LabKind kind,
      org.recoverybench.lab.Endpoints externalEndpoints,
      org.recoverybench.lab.ExistingEngines engines)
      throws Exception {
    List<Scenario> scenarios = new ArrayList<>();
    for (Path f : files) {
      scenarios.add(ScenarioLoader.load(f));
    }
    return execute(
        console,
        scenarios,
        files,
        engine,
        trials,
        out,
        workDir,
        resume,
        kind,
        externalEndpoints,
        engines);
  }

  /**
   * Runs built scenarios (compare's) on the lab of {@code kind}: the embedded lab, or the external
   * one with its endpoints; {@code files} are the scenarios' sources, copied to the results.
   */
  static int execute(
      PrintWriter console,
      List<Scenario> scenarios,
      List<Path> files,
      String engine,
      Integer trials,
      Path out,
      Path workDir,
      boolean resume,
      LabKind kind,
      org.recoverybench.lab.Endpoints externalEndpoints,
      org.recoverybench.lab.ExistingEngines engines)
      throws Exception {
    List<String> hdfsScenarios =
        scenarios.stream().filter(Scenario::needsHdfs).map(Scenario::name).toList();
    if (!hdfsScenarios.isEmpty() && kind != LabKind.embedded) {
      throw new org.recoverybench.lab.LabException(
          "scenario "
              + hdfsScenarios.get(0)
              + " checkpoints to HDFS (settings.checkpoint_store: hdfs); only the embedded lab"
              + " runs HDFS, not --lab "
              + kind);
    }
    List<String> zkScenarios =
        scenarios.stream().filter(Scenario::needsZooKeeper).map(Scenario::name).toList();
    if (!zkScenarios.isEmpty() && kind != LabKind.embedded) {
      throw new org.recoverybench.lab.LabException(
          "scenario "
              + zkScenarios.get(0)
              + " runs Flink with ZooKeeper high availability (settings.flink_ha: zookeeper); only"
              + " the embedded lab runs ZooKeeper, not --lab "
              + kind);
    }
    Path resultDir = out != null ? out : defaultOut();
    checkOut(resultDir, resume);
    Path work = workDir != null ? workDir : Path.of("work", resultDir.getFileName().toString());
    ProcessRegistry.get().setShutdownGrace(java.time.Duration.ofSeconds(10));
    console.println("Results: " + resultDir.toAbsolutePath());
    Lab chosen;
    if (kind == LabKind.external) {
      console.println(
          "Using the external lab: "
              + externalEndpoints.kafkaBootstrap()
              + ", "
              + externalEndpoints.s3Endpoint()
              + ", "
              + externalEndpoints.jdbcUrl()
              + engines.flink().map(f -> ", Flink at " + f).orElse("")
              + engines.spark().map(sp -> ", Spark master " + sp).orElse(""));
      chosen = new ExternalLab(externalEndpoints, engines, work.resolve("lab"));
    } else if (kind == LabKind.containers) {
      org.recoverybench.lab.ContainersLab.Images images =
          org.recoverybench.lab.ContainersLab.Images.configured();
      org.recoverybench.lab.ContainersLab.unavailableReason(images)
          .ifPresent(
              why -> {
                throw new org.recoverybench.lab.LabException("--lab containers: " + why);
              });
      console.println(
          "Starting the containers lab ("
              + images.name().toLowerCase(java.util.Locale.ROOT)
              + " images) in "
              + work.resolve("lab").toAbsolutePath()
              + " ...");
      chosen = new org.recoverybench.lab.ContainersLab(work.resolve("lab"), images);
    } else {
      console.println(
          "Starting the embedded lab in " + work.resolve("lab").toAbsolutePath() + " ...");
      // HDFS (a NameNode and a DataNode) only when a scenario of this run checkpoints there, and
      // ZooKeeper only when one runs Flink with high availability
      EmbeddedLab embedded =
          new EmbeddedLab(
              LabConfig.at(work.resolve("lab"))
                  .withHdfs(!hdfsScenarios.isEmpty())
                  .withZooKeeper(!zkScenarios.isEmpty()));
      embedded.onStarted(
          svc -> {
            console.printf(
                "  started %-9s pid %-8d log %s%n", svc.name(), svc.pid(), svc.logFile());
            console.flush();
          });
      chosen = embedded;
    }
    console.flush();
    long t0 = System.nanoTime();
    try (Lab lab = chosen) {
      lab.start();
      console.println("Lab ready in " + (System.nanoTime() - t0) / 1_000_000 + " ms.");
      SuiteRunner.Outcome o =
          new SuiteRunner(lab, resultDir, work.resolve("engines"), console)
              .resume(resume)
              .run(scenarios, files, engine, trials);
      SummaryTable.print(console, o.results());
      if (!o.results().isEmpty()) {
        console.println(
            "Report: " + org.recoverybench.report.Report.write(resultDir).toAbsolutePath());
      }
      console.println("Results written to " + resultDir.toAbsolutePath());
      console.flush();
      if (!o.failures().isEmpty()) {
        throw new org.recoverybench.lab.LabException(
            o.failures().size()
                + " of "
                + (o.failures().size() + o.results().size())
                + " trials failed; first: "
                + o.failures().get(0).scenario()
                + " "
                + o.failures().get(0).target()
                + ": "
                + o.failures().get(0).error());
      }
      return 0;
    }
  }
}
