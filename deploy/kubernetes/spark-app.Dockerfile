# The Spark image that deploy/kubernetes/spark-application.yaml runs: the official Spark image of
# the project's Spark version, the app's jar, and each jar of the app's runtime classpath
# (comparison-spark/target/lib, laid out by `mvn package`) that the image does not already have in
# some version: the Kafka connector, the Kafka client, S3A and its AWS SDK modules, the PostgreSQL
# driver and the sink contract. Where both have a library, the image's version stays.
# hadoop-aws must match the image's Hadoop version; the project's is the parent pom's hadoop.version.
# Build from the repository root after `mvn -DskipTests package`:
#   docker build -f deploy/kubernetes/spark-app.Dockerfile -t recoverybench/spark-app:0.1.0 .
ARG SPARK_IMAGE=apache/spark:4.2.0
FROM ${SPARK_IMAGE}
USER root
COPY comparison-spark/target/lib/ /tmp/app-lib/
RUN for j in /tmp/app-lib/*.jar; do \
      n=$(basename "$j" | sed -E 's/-[0-9][^-]*(-[A-Za-z0-9.]+)?\.jar$//'); \
      ls /opt/spark/jars/"$n"-[0-9]*.jar >/dev/null 2>&1 || cp "$j" /opt/spark/jars/; \
    done \
 && rm -rf /tmp/app-lib && mkdir -p /opt/spark/usrlib
COPY comparison-spark/target/recoverybench-comparison-spark-0.1.0-SNAPSHOT.jar /opt/spark/usrlib/recoverybench-comparison-spark.jar
USER spark
