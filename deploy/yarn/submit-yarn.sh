#!/usr/bin/env bash
# Submit a sweep to YARN in cluster mode (the driver runs in a YARN container). Not run here: no
# YARN cluster is reachable from this repository's CI.
#
# Parameters (environment):
#   SPEC              local sweep file; shipped to the driver with --files
#   OUT               results root on HDFS, e.g. hdfs:///user/$USER/bimt-results
#   QUEUE             YARN queue (default: default)
#   EXECUTORS         executor count (default 8)
#   EXECUTOR_CORES    trials at once per executor (default 4)
#   EXECUTOR_MEMORY   per executor (default 4g)
#   BIMT_APP_JAR      the app jar (default deploy/target/bimt-sweep-app.jar; engine dl4j: bimt-sweep-app-dl4j.jar)
# On YARN, spark.authenticate=true makes Spark generate and distribute a fresh secret per application.
set -euo pipefail
: "${SPEC:?set SPEC to the sweep file}"
: "${OUT:?set OUT, e.g. hdfs:///user/$USER/bimt-results}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"

# The output folder: owned by you, group-readable, not world-readable.
hdfs dfs -mkdir -p "$OUT" && hdfs dfs -chmod 750 "$OUT"

exec "${SPARK_HOME:?set SPARK_HOME}/bin/spark-submit" \
  --master yarn --deploy-mode cluster \
  --queue "${QUEUE:-default}" \
  --class io.bimtsweep.cli.SweepMain \
  --files "$SPEC" \
  --num-executors "${EXECUTORS:-8}" \
  --executor-cores "${EXECUTOR_CORES:-4}" \
  --executor-memory "${EXECUTOR_MEMORY:-4g}" \
  --conf spark.task.cpus=1 \
  --conf spark.authenticate=true \
  --conf spark.network.crypto.enabled=true \
  --conf spark.io.encryption.enabled=true \
  --conf spark.executorEnv.OMP_NUM_THREADS=1 \
  --conf spark.executorEnv.OPENBLAS_NUM_THREADS=1 \
  --conf spark.yarn.appMasterEnv.OMP_NUM_THREADS=1 \
  --conf spark.hadoop.fs.permissions.umask-mode=027 \
  --conf spark.yarn.maxAppAttempts=1 \
  "${BIMT_APP_JAR:-$ROOT/deploy/target/bimt-sweep-app.jar}" "$(basename "$SPEC")" --out "$OUT" "$@"
# spark.yarn.maxAppAttempts=1: a failed driver is not restarted by YARN behind your back; rerun the
# same command instead, which resumes from the committed trials.
