# Settings shared by submit-k8s.sh and render-sparkapplication.sh (sourced), so that the spark-submit
# command and the SparkApplication cannot drift apart; KubernetesManifestsTest renders both.
# Parameters (environment): see submit-k8s.sh.
: "${IMAGE:?set IMAGE}"
: "${RESULTS_PVC:?set RESULTS_PVC to a ReadWriteMany claim}"
NS="${NAMESPACE:-bimt}"
APP_NAME="${NAME:-bimt-sweep}"
SPEC_IN_IMAGE="${SPEC:-/opt/bimt/examples/quickstart.yaml}"
APP_JAR=local:///opt/bimt/bimt-sweep-app.jar
MAIN_CLASS=io.bimtsweep.cli.SweepMain
N_EXECUTORS="${EXECUTORS:-8}"
CORES="${EXECUTOR_CORES:-4}"
MEMORY="${EXECUTOR_MEMORY:-4g}"
[[ "$N_EXECUTORS" =~ ^[1-9][0-9]*$ ]] || { echo "EXECUTORS must be a whole number > 0, got '$N_EXECUTORS'" >&2; exit 2; }
[[ "$CORES" =~ ^[1-9][0-9]*$ ]] || { echo "EXECUTOR_CORES must be a whole number > 0, got '$CORES'" >&2; exit 2; }
[[ "$MEMORY" =~ ^[1-9][0-9]*[kmgt]$ ]] || { echo "EXECUTOR_MEMORY must look like 4g or 512m, got '$MEMORY'" >&2; exit 2; }
# spark.* settings of every sweep application, one trial per core, one thread per trial
SHARED_CONF=(
  spark.task.cpus=1
  spark.authenticate=true
  spark.network.crypto.enabled=true
  spark.io.encryption.enabled=true
  spark.executorEnv.OMP_NUM_THREADS=1
  spark.executorEnv.OPENBLAS_NUM_THREADS=1
)
