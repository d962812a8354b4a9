# The Flink image that deploy/kubernetes/flink-deployment.yaml runs: the official Flink image of
# the project's Flink version, its S3 filesystem plugin enabled, and the job jar in usrlib.
# Build from the repository root after `mvn -DskipTests package`:
#   docker build -f deploy/kubernetes/flink-job.Dockerfile -t recoverybench/flink-job:0.1.0 .
ARG FLINK_IMAGE=flink:2.2.0-java17
FROM ${FLINK_IMAGE}
RUN mkdir -p /opt/flink/plugins/s3-fs-hadoop /opt/flink/usrlib \
 && cp /opt/flink/opt/flink-s3-fs-hadoop-*.jar /opt/flink/plugins/s3-fs-hadoop/
COPY job/target/recoverybench-flink-job.jar /opt/flink/usrlib/recoverybench-flink-job.jar
