#!/bin/bash
# jobmanager | taskmanager. The configuration is /opt/flink/conf-template/config.yaml (the project's
# flink-conf/, mounted) with each "key: value" line of FLINK_PROPERTIES put in place of its key.
set -euo pipefail
role=${1:?usage: entrypoint.sh jobmanager|taskmanager}
home=/opt/flink
conf=$home/conf
cp "$home"/conf-template/* "$conf"/
if [ -n "${FLINK_PROPERTIES:-}" ]; then
  keys=$(printf '%s\n' "$FLINK_PROPERTIES" | sed -n 's/^[[:space:]]*\([^#:[:space:]][^:]*\):.*/\1/p')
  for k in $keys; do
    grep -v "^${k}:" "$conf/config.yaml" > "$conf/config.yaml.new" || true
    mv "$conf/config.yaml.new" "$conf/config.yaml"
  done
  printf '\n%s\n' "$FLINK_PROPERTIES" >> "$conf/config.yaml"
fi
export FLINK_CONF_DIR=$conf FLINK_PLUGINS_DIR=$home/plugins FLINK_LIB_DIR=$home/lib FLINK_HOME=$home
cp="$home/lib/*"
case "$role" in
  jobmanager) main=org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint; params=GET_JM_RESOURCE_PARAMS ;;
  taskmanager) main=org.apache.flink.runtime.taskexecutor.TaskManagerRunner; params=GET_TM_RESOURCE_PARAMS ;;
  *) echo "unknown role $role (jobmanager or taskmanager)" >&2; exit 2 ;;
esac
# memory flags (line 1) and -D properties (line 2), as Flink's own scripts compute them
mapfile -t res < <(java -Xmx128m -cp "$cp" org.apache.flink.runtime.util.bash.BashJavaUtils "$params" --configDir "$conf" \
  | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p' | tail -n 2)
[ ${#res[@]} -eq 2 ] || { echo "cannot compute the Flink memory settings" >&2; exit 1; }
opts=$(sed -n 's/^env\.java\.opts\.all:[[:space:]]*//p' "$conf/config.yaml" | tail -n 1)
# shellcheck disable=SC2086
exec java ${res[0]} $opts -Dlog.file=$home/log/$role.log -Dlog4j.configurationFile="$conf/log4j-console.properties" \
  -cp "$cp" "$main" --configDir "$conf" ${res[1]}
