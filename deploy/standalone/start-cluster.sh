#!/usr/bin/env bash
# Starts a Spark standalone cluster on 127.0.0.1: one master and WORKERS workers, each its own JVM,
# from Maven artifacts alone. Prints the master URL once every worker has registered.
# Usage: deploy/standalone/start-cluster.sh [WORKERS] [CORES_PER_WORKER] [MEMORY_PER_WORKER]
set -euo pipefail
source "$(dirname "$0")/common.sh"
WORKERS="${1:-2}"
CORES="${2:-1}"
MEMORY="${3:-2g}"
[[ "$WORKERS" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [WORKERS>=1] [CORES] [MEMORY]" >&2; exit 2; }

if [[ -f "$CLUSTER_DIR/master.pid" ]] && kill -0 "$(cat "$CLUSTER_DIR/master.pid")" 2>/dev/null; then
  echo "cluster: already running (master pid $(cat "$CLUSTER_DIR/master.pid")); stop it with stop-cluster.sh" >&2
  exit 1
fi
ensure_spark_home
mkdir -p "$CLUSTER_DIR/logs"
rm -f "$CLUSTER_DIR"/*.pid
CP="$SPARK_HOME/jars/*"

# setsid: each daemon leads its own process group, so stop-cluster.sh can end it with its executors.
setsid "$JAVA_HOME/bin/java" -Xmx512m "${AUTH_OPTS[@]}" -cp "$CP" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$MASTER_PORT" --webui-port "$MASTER_UI_PORT" \
  >"$CLUSTER_DIR/logs/master.log" 2>&1 < /dev/null &
echo $! > "$CLUSTER_DIR/master.pid"

for ((i = 1; i <= WORKERS; i++)); do
  mkdir -p "$CLUSTER_DIR/work-$i"
  setsid "$JAVA_HOME/bin/java" -Xmx512m "${AUTH_OPTS[@]}" -cp "$CP" org.apache.spark.deploy.worker.Worker "$MASTER_URL" \
    --host 127.0.0.1 --cores "$CORES" --memory "$MEMORY" --webui-port $((MASTER_UI_PORT + i)) \
    --work-dir "$CLUSTER_DIR/work-$i" \
    >"$CLUSTER_DIR/logs/worker-$i.log" 2>&1 < /dev/null &
  echo $! > "$CLUSTER_DIR/worker-$i.pid"
done

# wait for every worker to register with the master
for _ in $(seq 1 240); do
  alive="$(curl -s "http://127.0.0.1:$MASTER_UI_PORT/json/" | grep -o '"aliveworkers" *: *[0-9]*' | grep -o '[0-9]*$' || true)"
  if [[ "${alive:-0}" -ge "$WORKERS" ]]; then
    echo "$MASTER_URL"
    exit 0
  fi
  if ! kill -0 "$(cat "$CLUSTER_DIR/master.pid")" 2>/dev/null; then
    echo "cluster: the master exited; see $CLUSTER_DIR/logs/master.log" >&2
    exit 1
  fi
  sleep 0.5
done
echo "cluster: workers did not register within 120 s; see $CLUSTER_DIR/logs" >&2
"$(dirname "$0")/stop-cluster.sh" >&2 || true
exit 1
