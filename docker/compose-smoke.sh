#!/usr/bin/env bash
# Compose smoke run: the lab in docker-compose with the local stand-in images (host networking,
# every server on 127.0.0.1), then a no-fault scenario on compose's own Flink cluster and Spark
# master through `run --lab external --flink-rest --spark-master`, then the containers are removed.
# It waits for the healthcheck of every service it started, ZooKeeper's (srvr answered) included.
#
#   docker/build-local-images.sh && docker/compose-smoke.sh [OUT_DIR]
#   RB_FLINK_HA=zookeeper docker/compose-smoke.sh     # the same with Flink's JobManager HA on
#
# Exits non-zero if a service does not become healthy, the run fails, or a record is lost.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="${1:-$root/target/compose-smoke}"
project="rbsmoke$$"
dc() { docker-compose -p "$project" -f docker-compose.yml -f docker-compose.local.yml "$@"; }
ids=""
down() {
  ids=$(dc ps -q 2>/dev/null || true)
  if [ -n "$ids" ]; then
    dc logs --no-color > "$out/compose.log" 2>&1 || true
    # the containers this run started, by id
    docker rm -f $ids >/dev/null 2>&1 || true
  fi
  # -v: the project's named volumes too (ZooKeeper's data), a new project name each run
  dc down -v --remove-orphans >/dev/null 2>&1 || true
}
mkdir -p "$out"
trap down EXIT

t0=$(date +%s)
dc up -d >"$out/up.log" 2>&1 || { tail -n 20 "$out/up.log" >&2; echo "compose-smoke: up failed" >&2; exit 1; }
deadline=$(( $(date +%s) + ${COMPOSE_SMOKE_HEALTH_TIMEOUT:-300} ))
while :; do
  ids=$(dc ps -q)
  unhealthy=0
  for id in $ids; do
    s=$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$id")
    [ "$s" = healthy ] || unhealthy=$((unhealthy + 1))
  done
  [ "$unhealthy" -eq 0 ] && [ -n "$ids" ] && break
  if [ "$(date +%s)" -gt "$deadline" ]; then
    dc ps >&2
    echo "compose-smoke: $unhealthy services not healthy in time" >&2
    exit 1
  fi
  sleep 2
done
echo "compose-smoke: $(echo "$ids" | wc -w) services healthy in $(( $(date +%s) - t0 )) s"

export KAFKA_BOOTSTRAP="127.0.0.1:${RB_KAFKA_PORT:-19092}"
export S3_ENDPOINT="http://127.0.0.1:${RB_S3_PORT:-19000}"
export S3_BUCKET="${S3_BUCKET:-recoverybench}"
export S3_ACCESS_KEY="${S3_ACCESS_KEY:-recoverybench}"
export S3_SECRET_KEY="${S3_SECRET_KEY:-recoverybench-secret}"
export JDBC_URL="jdbc:postgresql://127.0.0.1:${RB_PG_PORT:-15432}/recoverybench"
export JDBC_USER="${JDBC_USER:-recoverybench}"
export JDBC_PASSWORD="${JDBC_PASSWORD:-recoverybench}"
export FLINK_REST_URL="http://127.0.0.1:${RB_FLINK_REST_PORT:-18081}"
export SPARK_MASTER_URL="spark://127.0.0.1:${RB_SPARK_MASTER_PORT:-17077}"
t1=$(date +%s)
./recoverybench run --scenario harness/src/test/resources/scenarios/it-baseline.yaml --lab external \
  --out "$out/results" --work-dir "$out/work" > "$out/run.log" 2>&1 \
  || { tail -n 30 "$out/run.log" >&2; echo "compose-smoke: the run failed" >&2; exit 1; }
results=$(find "$out/results" -name result.json | wc -l)
lossless=$(grep -lE '"lost" *: *0,' $(find "$out/results" -name result.json) | wc -l)
echo "compose-smoke: run on compose's Flink and Spark took $(( $(date +%s) - t1 )) s: $results result.json, $lossless with nothing lost"
[ "$results" -eq 2 ] && [ "$lossless" -eq 2 ] || { echo "compose-smoke: expected 2 result.json with lost 0" >&2; exit 1; }
