#!/usr/bin/env bash
# Submit a sweep to Kubernetes in cluster mode with spark-submit. Not run here (no cluster); its
# command line is rendered and checked against a golden file by KubernetesManifestsTest.
#
# Parameters (environment):
#   K8S_API           API server, e.g. https://k8s.example.com:6443
#   IMAGE             the image built from deploy/kubernetes/Dockerfile
#   NAMESPACE         namespace (default: bimt)
#   NAME              application name (default: bimt-sweep)
#   SPEC              sweep file path inside the image (default: /opt/bimt/examples/quickstart.yaml)
#   RESULTS_PVC       a ReadWriteMany PersistentVolumeClaim for results, mounted at /results
#   EXECUTORS, EXECUTOR_CORES, EXECUTOR_MEMORY  as for the other clusters (default 8, 4, 4g)
# With spark.authenticate=true Spark on Kubernetes generates a secret per application and mounts
# it into the executors as a Kubernetes secret.
set -euo pipefail
: "${K8S_API:?set K8S_API}"
source "$(dirname "$0")/common.sh"
conf=()
for kv in "${SHARED_CONF[@]}"; do
  conf+=(--conf "$kv")
done
for role in driver executor; do
  conf+=(--conf "spark.kubernetes.$role.volumes.persistentVolumeClaim.results.options.claimName=$RESULTS_PVC"
         --conf "spark.kubernetes.$role.volumes.persistentVolumeClaim.results.mount.path=/results")
done

exec "${SPARK_HOME:?set SPARK_HOME}/bin/spark-submit" \
  --master "k8s://$K8S_API" --deploy-mode cluster \
  --name "$APP_NAME" \
  --class "$MAIN_CLASS" \
  --conf spark.kubernetes.namespace="$NS" \
  --conf spark.kubernetes.container.image="$IMAGE" \
  --conf spark.kubernetes.authenticate.driver.serviceAccountName=spark \
  --conf spark.executor.instances="$N_EXECUTORS" \
  --conf spark.executor.cores="$CORES" \
  --conf spark.kubernetes.executor.request.cores="$CORES" \
  --conf spark.executor.memory="$MEMORY" \
  "${conf[@]}" \
  "$APP_JAR" "$SPEC_IN_IMAGE" --out /results "$@"
