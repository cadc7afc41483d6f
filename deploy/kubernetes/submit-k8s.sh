#!/usr/bin/env bash
# Submit a sweep to Kubernetes in cluster mode with spark-submit. Not run here (no cluster).
#
# Parameters (environment):
#   K8S_API           API server, e.g. https://k8s.example.com:6443
#   IMAGE             the image built from deploy/kubernetes/Dockerfile
#   NAMESPACE         namespace (default: bimt)
#   SPEC              sweep file path inside the image (default: /opt/bimt/examples/quickstart.yaml)
#   RESULTS_PVC       a ReadWriteMany PersistentVolumeClaim for results, mounted at /results
#   EXECUTORS, EXECUTOR_CORES, EXECUTOR_MEMORY  as for the other clusters
# With spark.authenticate=true Spark on Kubernetes generates a secret per application and mounts
# it into the executors as a Kubernetes secret.
set -euo pipefail
: "${K8S_API:?set K8S_API}"
: "${IMAGE:?set IMAGE}"
: "${RESULTS_PVC:?set RESULTS_PVC to a ReadWriteMany claim}"
NS="${NAMESPACE:-bimt}"
conf_volume=()
for role in driver executor; do
  conf_volume+=(--conf "spark.kubernetes.$role.volumes.persistentVolumeClaim.results.options.claimName=$RESULTS_PVC"
                --conf "spark.kubernetes.$role.volumes.persistentVolumeClaim.results.mount.path=/results")
done

exec "${SPARK_HOME:?set SPARK_HOME}/bin/spark-submit" \
  --master "k8s://$K8S_API" --deploy-mode cluster \
  --name bimt-sweep \
  --class io.bimtsweep.cli.SweepMain \
  --conf spark.kubernetes.namespace="$NS" \
  --conf spark.kubernetes.container.image="$IMAGE" \
  --conf spark.kubernetes.authenticate.driver.serviceAccountName=spark \
  --conf spark.executor.instances="${EXECUTORS:-8}" \
  --conf spark.executor.cores="${EXECUTOR_CORES:-4}" \
  --conf spark.kubernetes.executor.request.cores="${EXECUTOR_CORES:-4}" \
  --conf spark.executor.memory="${EXECUTOR_MEMORY:-4g}" \
  --conf spark.task.cpus=1 \
  --conf spark.authenticate=true \
  --conf spark.network.crypto.enabled=true \
  --conf spark.io.encryption.enabled=true \
  --conf spark.executorEnv.OMP_NUM_THREADS=1 \
  --conf spark.executorEnv.OPENBLAS_NUM_THREADS=1 \
  "${conf_volume[@]}" \
  local:///opt/bimt/bimt-sweep-app.jar "${SPEC:-/opt/bimt/examples/quickstart.yaml}" --out /results "$@"
