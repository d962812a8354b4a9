#!/bin/bash
# One KRaft node (broker and controller). Addresses and ports come from the environment.
set -euo pipefail
host=${KAFKA_HOST:-127.0.0.1}
port=${KAFKA_PORT:-9092}
cport=${KAFKA_CONTROLLER_PORT:-9093}
adv=${KAFKA_ADVERTISED_HOST:-$host}
data=/var/lib/kafka/data
conf=/tmp/server.properties
cp="/opt/kafka/lib/*"
cat > "$conf" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$host:$cport
listeners=PLAINTEXT://$host:$port,CONTROLLER://$host:$cport
advertised.listeners=PLAINTEXT://$adv:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$data
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=3
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
broker.session.timeout.ms=3000
broker.heartbeat.interval.ms=500
PROPS
log4j="-Dlog4j2.configurationFile=/opt/kafka/log4j2.properties"
if [ ! -f "$data/meta.properties" ]; then
  # a random cluster id: 16 bytes, base64url without padding (what StorageTool random-uuid prints)
  id=${KAFKA_CLUSTER_ID:-$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' | cut -c 1-22)}
  java -Xmx128m $log4j -cp "$cp" kafka.tools.StorageTool format --ignore-formatted -t "$id" -c "$conf"
fi
exec java ${KAFKA_HEAP:--Xmx512m} -XX:+UseG1GC $log4j -cp "$cp" kafka.Kafka "$conf"
