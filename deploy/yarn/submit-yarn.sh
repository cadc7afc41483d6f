#!/usr/bin/env bash
# Submit a sweep to YARN in cluster mode (the driver runs in the ApplicationMaster's container).
# deploy/src/test/java/io/bimtsweep/deploy/YarnIT.java runs this very script against an in-process
# HDFS and YARN (Hadoop 3.5.0's mini clusters).
#
# Parameters (environment):
#   SPEC              local sweep file; shipped to the driver with --files
#   OUT               results root, e.g. hdfs:///user/$USER/bimt-results (any Hadoop filesystem URI)
#   HADOOP_CONF_DIR   the cluster's client configuration (core-site.xml, yarn-site.xml), as for any spark-submit
#   QUEUE             YARN queue (default: default)
#   EXECUTORS         executor count (default 8)
#   EXECUTOR_CORES    trials at once per executor (default 4)
#   EXECUTOR_MEMORY   per executor (default 4g)
#   DRIVER_MEMORY     the driver's, inside the ApplicationMaster (default 1g)
#   SPARK_YARN_ARCHIVE  optional: a zip of Spark's jars already in the cluster's filesystem (spark.yarn.archive),
#                     so that each submit does not upload SPARK_HOME/jars again (e.g. the one the bimt
#                     launcher stages under ~/.bimt-sweep/spark-jars/)
#   SPARK_SUBMIT      default $SPARK_HOME/bin/spark-submit; without a Spark distribution,
#                     deploy/standalone/spark-submit.sh (Spark from Maven Central)
#   BIMT_APP_JAR      the app jar (default deploy/target/bimt-sweep-app.jar; engine dl4j: bimt-sweep-app-dl4j.jar)
# Further arguments go to the sweep (e.g. --progress 10). On YARN, spark.authenticate=true makes
# Spark generate and distribute a fresh secret per application.
set -euo pipefail
: "${SPEC:?set SPEC to the sweep file}"
: "${OUT:?set OUT, e.g. hdfs:///user/$USER/bimt-results}"
[[ -r "$SPEC" ]] || { echo "submit-yarn: cannot read SPEC=$SPEC" >&2; exit 2; }
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SUBMIT="${SPARK_SUBMIT:-${SPARK_HOME:?set SPARK_HOME or SPARK_SUBMIT}/bin/spark-submit}"
APP_JAR="${BIMT_APP_JAR:-$ROOT/deploy/target/bimt-sweep-app.jar}"
[[ -f "$APP_JAR" ]] || { echo "submit-yarn: no app jar at $APP_JAR (mvn -DskipTests package)" >&2; exit 2; }

# The output folder: owned by you, group-readable, not world-readable (where the hdfs command is
# installed; spark.hadoop.fs.permissions.umask-mode below keeps what the sweep creates so too).
if command -v hdfs >/dev/null; then
  hdfs dfs -mkdir -p "$OUT" && hdfs dfs -chmod 750 "$OUT"
fi

ARCHIVE=()
[[ -n "${SPARK_YARN_ARCHIVE:-}" ]] && ARCHIVE=(--conf "spark.yarn.archive=$SPARK_YARN_ARCHIVE")

# spark.yarn.maxAppAttempts=1: a failed driver is not restarted by YARN behind your back; rerun the
# same command instead, which resumes from the committed trials. spark-submit waits for the end and
# prints the application's state every spark.yarn.report.interval; the driver's own progress lines
# are in its container log (yarn logs -applicationId <id>).
exec "$SUBMIT" \
  --master yarn --deploy-mode cluster \
  --queue "${QUEUE:-default}" \
  --class io.bimtsweep.cli.SweepMain \
  --files "$SPEC" \
  --num-executors "${EXECUTORS:-8}" \
  --executor-cores "${EXECUTOR_CORES:-4}" \
  --executor-memory "${EXECUTOR_MEMORY:-4g}" \
  --driver-memory "${DRIVER_MEMORY:-1g}" \
  --conf spark.task.cpus=1 \
  --conf spark.authenticate=true \
  --conf spark.network.crypto.enabled=true \
  --conf spark.io.encryption.enabled=true \
  --conf spark.executorEnv.OMP_NUM_THREADS=1 \
  --conf spark.executorEnv.OPENBLAS_NUM_THREADS=1 \
  --conf spark.yarn.appMasterEnv.OMP_NUM_THREADS=1 \
  --conf spark.hadoop.fs.permissions.umask-mode=027 \
  --conf spark.yarn.maxAppAttempts=1 \
  --conf spark.yarn.report.interval=2s \
  "${ARCHIVE[@]}" \
  "$APP_JAR" "$(basename "$SPEC")" --out "$OUT" "$@"
