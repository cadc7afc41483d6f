#!/usr/bin/env bash
# spark-submit without a Spark download: Spark's own SparkSubmit class on the Maven-built SPARK_HOME.
# Exactly what $SPARK_HOME/bin/spark-submit does on a machine with a Spark distribution.
# Example (after start-cluster.sh and `mvn -DskipTests package`):
#   deploy/standalone/spark-submit.sh --master spark://127.0.0.1:7077 --class io.bimtsweep.cli.SweepMain \
#     deploy/target/bimt-sweep-app.jar examples/quickstart.yaml --out /tmp/results
set -euo pipefail
source "$(dirname "$0")/common.sh"
ensure_spark_home
# as bin/spark-class does: the Hadoop client configuration (YARN, HDFS) on the classpath
HADOOP_CP=""
for d in "${HADOOP_CONF_DIR:-}" "${YARN_CONF_DIR:-}"; do
  [[ -n "$d" ]] && HADOOP_CP+="$d:"
done
exec "$JAVA_HOME/bin/java" "${AUTH_OPTS[@]}" -cp "$SPARK_HOME/conf:$HADOOP_CP$SPARK_HOME/jars/*" -Xmx1g org.apache.spark.deploy.SparkSubmit "$@"
