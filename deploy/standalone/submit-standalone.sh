#!/usr/bin/env bash
# Submit a sweep to a production Spark standalone cluster (client mode: the driver runs here).
# Not run in this repository's CI (it has no production cluster); the loopback cluster scripts
# and ClusterIT exercise the same path against a real master and workers.
#
# Parameters (environment):
#   MASTER_URL        spark://master.internal:7077
#   SPEC              the sweep file (read by the driver, here)
#   OUT               results root every executor can write: hdfs:///..., or a shared mount (NFS)
#   SECRET_FILE       file holding the cluster's shared authentication secret (mode 0600)
#   DRIVER_HOST       this machine's address on the cluster network (executors connect back to it)
#   EXECUTOR_CORES    task slots per executor = trials it runs at once (default 4)
#   EXECUTOR_MEMORY   per executor (default 4g; a trial of the paper's sizes runs in a 100 MB heap)
#   TOTAL_CORES       upper bound on cores taken from the cluster (default 32)
#   SPARK_SUBMIT      spark-submit to use (default: $SPARK_HOME/bin/spark-submit)
#   BIMT_APP_JAR      the app jar (default deploy/target/bimt-sweep-app.jar; engine dl4j: bimt-sweep-app-dl4j.jar)
set -euo pipefail
: "${MASTER_URL:?set MASTER_URL, e.g. spark://master.internal:7077}"
: "${SPEC:?set SPEC to the sweep file}"
: "${OUT:?set OUT to a results root all executors can write}"
: "${SECRET_FILE:?set SECRET_FILE to the shared secret (the cluster daemons use the same)}"
: "${DRIVER_HOST:?set DRIVER_HOST to this machine's cluster-network address}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SPARK_SUBMIT="${SPARK_SUBMIT:-${SPARK_HOME:?set SPARK_HOME or SPARK_SUBMIT}/bin/spark-submit}"

# The secret goes in the environment, never on a command line that ps would show; bimt's driver
# copies it into its configuration (standalone drivers need it there).
export _SPARK_AUTH_SECRET="$(cat "$SECRET_FILE")"
umask 027   # results readable by the group, not by everyone

exec "$SPARK_SUBMIT" \
  --master "$MASTER_URL" --deploy-mode client \
  --class io.bimtsweep.cli.SweepMain \
  --conf spark.authenticate=true \
  --conf spark.network.crypto.enabled=true \
  --conf spark.io.encryption.enabled=true \
  --conf spark.driver.host="$DRIVER_HOST" \
  --conf spark.driver.bindAddress="$DRIVER_HOST" \
  --conf spark.ui.host="$DRIVER_HOST" \
  --conf spark.executor.cores="${EXECUTOR_CORES:-4}" \
  --conf spark.task.cpus=1 \
  --conf spark.cores.max="${TOTAL_CORES:-32}" \
  --conf spark.executor.memory="${EXECUTOR_MEMORY:-4g}" \
  --conf spark.executorEnv.OMP_NUM_THREADS=1 \
  --conf spark.executorEnv.OPENBLAS_NUM_THREADS=1 \
  --conf spark.hadoop.fs.permissions.umask-mode=027 \
  "${BIMT_APP_JAR:-$ROOT/deploy/target/bimt-sweep-app.jar}" "$SPEC" --out "$OUT" "$@"
