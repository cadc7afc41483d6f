#!/usr/bin/env bash
# Stops the cluster start-cluster.sh started: workers (with their executors), then the master, by PID.
set -uo pipefail
source "$(dirname "$0")/common.sh"
shopt -s nullglob
pids=()
for f in "$CLUSTER_DIR"/worker-*.pid "$CLUSTER_DIR"/master.pid; do
  pid="$(cat "$f")"
  if kill -0 "$pid" 2>/dev/null; then
    # the whole process group: the daemon and the executor JVMs it forked
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
    pids+=("$pid")
  fi
done
for _ in $(seq 1 40); do
  left=0
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && left=1; done
  [[ $left == 0 ]] && break
  sleep 0.25
done
for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null; kill -KILL "$pid" 2>/dev/null; done
# executors whose worker was killed outright may outlive their group; they run on this SPARK_HOME's jars
pkill -KILL -f "$SPARK_HOME/jars/.*CoarseGrainedExecutorBackend" 2>/dev/null
rm -f "$CLUSTER_DIR"/*.pid
echo "cluster: stopped ${#pids[@]} daemon(s)"
