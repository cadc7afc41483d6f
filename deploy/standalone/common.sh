# Shared settings of the loopback standalone cluster scripts (sourced, not run).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLUSTER_DIR="${BIMT_CLUSTER_DIR:-$ROOT/deploy/target/cluster}"
export SPARK_HOME="${SPARK_HOME:-$ROOT/deploy/target/spark-home}"
export SPARK_SCALA_VERSION=2.13
export SPARK_LOCAL_IP=127.0.0.1
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
if [[ -z "${JAVA_HOME:-}" ]]; then
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
fi
export JAVA_HOME
MASTER_PORT="${BIMT_MASTER_PORT:-7077}"
MASTER_UI_PORT="${BIMT_MASTER_UI_PORT:-8080}"
MASTER_URL="spark://127.0.0.1:$MASTER_PORT"

# Authentication: with BIMT_SPARK_SECRET_FILE set (a file only its owner can read), every daemon,
# driver and executor must present the shared secret. It travels in _SPARK_AUTH_SECRET, which
# Spark prefers to spark.authenticate.secret and which, unlike a -D option, ps does not show.
AUTH_OPTS=()
if [[ -n "${BIMT_SPARK_SECRET_FILE:-}" ]]; then
  [[ -r "$BIMT_SPARK_SECRET_FILE" ]] || { echo "cluster: cannot read BIMT_SPARK_SECRET_FILE=$BIMT_SPARK_SECRET_FILE" >&2; exit 2; }
  export _SPARK_AUTH_SECRET="$(cat "$BIMT_SPARK_SECRET_FILE")"
  AUTH_OPTS=(-Dspark.authenticate=true -Dspark.network.crypto.enabled=true)
fi

# Fills SPARK_HOME/jars with Spark's runtime classpath from Maven Central (once).
ensure_spark_home() {
  # again when the runtime pom changed (a new Spark version, spark-yarn added)
  if [[ ! -f "$SPARK_HOME/jars/.complete" || "$ROOT/deploy/standalone/spark-runtime/pom.xml" -nt "$SPARK_HOME/jars/.complete" ]]; then
    echo "cluster: resolving Spark's runtime jars into $SPARK_HOME/jars ..." >&2
    # our own build's folder only: never clear a SPARK_HOME you pointed at
    [[ "$SPARK_HOME" == "$ROOT/deploy/target/spark-home" ]] && rm -rf "$SPARK_HOME/jars"
    mkdir -p "$SPARK_HOME/jars"
    mvn -q -B -f "$ROOT/deploy/standalone/spark-runtime/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$SPARK_HOME/jars" -DincludeScope=runtime >&2
    touch "$SPARK_HOME/jars/.complete"
  fi
  mkdir -p "$SPARK_HOME/conf"
  cp "$ROOT/deploy/standalone/conf/log4j2.properties" "$SPARK_HOME/conf/log4j2.properties"
}
