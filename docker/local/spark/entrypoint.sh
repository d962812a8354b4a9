#!/bin/bash
# master | worker: a Spark standalone Master or Worker on SPARK_HOST (default 127.0.0.1).
set -euo pipefail
role=${1:?usage: entrypoint.sh master|worker}
host=${SPARK_HOST:-127.0.0.1}
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-$host} SPARK_LOCAL_DIRS=${SPARK_LOCAL_DIRS:-/tmp/spark}
flags=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true)
cp="/opt/spark/jars/*"
case "$role" in
  master)
    exec java -Xmx256m "${flags[@]}" -Dspark.master.rest.enabled=false -cp "$cp" org.apache.spark.deploy.master.Master \
      --host "$host" --port "${SPARK_MASTER_PORT:-7077}" --webui-port "${SPARK_MASTER_WEBUI_PORT:-8080}" ;;
  worker)
    exec java -Xmx256m "${flags[@]}" -cp "$cp" org.apache.spark.deploy.worker.Worker \
      --host "$host" --port "${SPARK_WORKER_PORT:-7078}" --webui-port "${SPARK_WORKER_WEBUI_PORT:-8082}" \
      --cores "${SPARK_WORKER_CORES:-2}" --memory "${SPARK_WORKER_MEMORY:-1g}" --work-dir /opt/spark/work \
      "${SPARK_MASTER_URL:?SPARK_MASTER_URL is not set}" ;;
  *) echo "unknown role $role (master or worker)" >&2; exit 2 ;;
esac
