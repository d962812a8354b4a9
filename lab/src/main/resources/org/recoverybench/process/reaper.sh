#!/bin/sh
# The reaper of one harness JVM. Usage: reaper.sh PARENT_PID PARENT_START_TIME STATE_DIR LOG
#
# Waits until the harness JVM (PARENT_PID with that start time) is gone, then, if it left anything:
#   1. takes the PIDs recorded in STATE_DIR/children.pids ("pid starttime" lines: the harness's
#      children and the descendants it saw appear) whose start time still matches;
#   2. stops them (SIGSTOP, so none can fork any more) and adds their descendants, found in /proc by
#      parent PID and start time, stopping those too, until no new one appears;
#   3. sends SIGKILL to each, after checking its start time once more;
#   4. removes the containers recorded in STATE_DIR/containers.ids, and those that carry this
#      harness's owner label (STATE_DIR/owner.label: a container created but not yet recorded), with
#      the docker CLI on the engine of STATE_DIR/docker.host.
# Processes are never looked up by name. What it does goes to LOG, only when there was work to do.
parent="$1"; pstart="$2"; dir="$3"; log="$4"

parent_alive() {
  line=""
  { read -r line < "/proc/$parent/stat"; } 2>/dev/null || return 1
  # shellcheck disable=SC2086
  set -- ${line##*\) }
  [ "${20}" = "$pstart" ]
}

# "pid ppid starttime" for every process now
table() {
  cat /proc/[0-9]*/stat 2>/dev/null \
    | awk '{ p = $1; s = $0; sub(/^.*\) /, "", s); split(s, f, " "); print p, f[2], f[20] }' \
    > "$dir/table"
}

while parent_alive; do sleep 0.5; done

table
: > "$dir/targets"
if [ -f "$dir/children.pids" ]; then
  awk 'NR == FNR { st[$1] = $3; next } ($1 in st) && st[$1] == $2 { print $1, $2 }' \
    "$dir/table" "$dir/children.pids" > "$dir/targets"
fi
round=0
while [ -s "$dir/targets" ] && [ "$round" -lt 50 ]; do
  round=$((round + 1))
  while read -r pid start; do kill -STOP "$pid" 2>/dev/null; done < "$dir/targets"
  table
  awk 'NR == FNR { t[$1] = $2; next } ($2 in t) && !($1 in t) && $3 + 0 >= t[$2] + 0 { print $1, $3 }' \
    "$dir/targets" "$dir/table" > "$dir/new"
  [ -s "$dir/new" ] || break
  cat "$dir/new" >> "$dir/targets"
done
while read -r pid start; do
  line=""
  { read -r line < "/proc/$pid/stat"; } 2>/dev/null || continue
  # shellcheck disable=SC2086
  set -- ${line##*\) }
  if [ "${20}" = "$start" ] && kill -9 "$pid" 2>/dev/null; then
    echo "killed pid $pid start $start" >> "$log"
  fi
done < "$dir/targets"

if [ -s "$dir/owner.label" ]; then
  host=$(cat "$dir/docker.host" 2>/dev/null)
  [ -z "$host" ] || export DOCKER_HOST="$host"
  label=$(cat "$dir/owner.label")
  if command -v docker > /dev/null 2>&1; then
    labelled=$(docker ps -aq --no-trunc --filter "label=org.recoverybench.owner=$label" 2>/dev/null)
    # shellcheck disable=SC2086
    for id in $(printf '%s\n' $(cat "$dir/containers.ids" 2>/dev/null) $labelled | sort -u); do
      if docker rm -f -v "$id" > /dev/null 2>&1; then
        echo "removed container $id" >> "$log"
      fi
    done
  else
    echo "no docker CLI: containers not removed: $(cat "$dir/containers.ids" 2>/dev/null)" >> "$log"
  fi
fi
rm -rf "$dir"
