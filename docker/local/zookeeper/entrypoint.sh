#!/bin/bash
# A standalone ZooKeeper server on ZK_HOST:ZK_PORT (default 127.0.0.1:2181), as the lab runs it:
# a 500 ms tick, the AdminServer off, and only the four-letter commands srvr and ruok allowed
# (srvr is the health probe). Its data is under /var/lib/zookeeper (a volume in compose).
set -euo pipefail
host=${ZK_HOST:-127.0.0.1}
port=${ZK_PORT:-2181}
tick=${ZK_TICK_MS:-500}
data=/var/lib/zookeeper/data
conf=/tmp/zoo.cfg
mkdir -p "$data"
cat > "$conf" <<PROPS
tickTime=$tick
initLimit=10
syncLimit=5
dataDir=$data
clientPort=$port
clientPortAddress=$host
minSessionTimeout=$((2 * tick))
maxSessionTimeout=60000
maxClientCnxns=0
admin.enableServer=false
4lw.commands.whitelist=${ZK_4LW_COMMANDS:-srvr,ruok}
autopurge.snapRetainCount=3
autopurge.purgeInterval=1
PROPS
echo "zookeeper: serving on $host:$port, data in $data"
exec java ${ZK_HEAP:--Xms64m -Xmx256m} -XX:+UseSerialGC -Djava.awt.headless=true \
  -Dzookeeper.admin.enableServer=false -Dlog4j2.configurationFile=/opt/zookeeper/log4j2.properties \
  -cp "/opt/zookeeper/lib/*" org.apache.zookeeper.server.ZooKeeperServerMain "$conf"
