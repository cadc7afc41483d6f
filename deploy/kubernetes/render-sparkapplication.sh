#!/usr/bin/env bash
# Print the sweep as a SparkApplication for the Kubeflow Spark Operator, from the same settings as
# submit-k8s.sh (IMAGE, RESULTS_PVC, NAMESPACE, NAME, SPEC, EXECUTORS, EXECUTOR_CORES,
# EXECUTOR_MEMORY; SPARK_VERSION, default 4.2.0). Extra arguments are added to the sweep's options.
#   IMAGE=registry.example.com/bimt-sweep:0.1.0 RESULTS_PVC=bimt-results \
#     deploy/kubernetes/render-sparkapplication.sh | kubectl apply -f -
# sparkapplication.yaml beside it is this script's output for those two settings (checked by
# KubernetesManifestsTest).
set -euo pipefail
source "$(dirname "$0")/common.sh"
args=("$SPEC_IN_IMAGE" --out /results "$@")
quoted=()
for a in "${args[@]}"; do
  quoted+=("\"${a//\"/\\\"}\"")
done
cat <<YAML
# The sweep as a SparkApplication for the Kubeflow Spark Operator, rendered by
# deploy/kubernetes/render-sparkapplication.sh (kubectl apply -f this file). Not applied here: no cluster.
# The operator's service account needs the usual RBAC.
apiVersion: sparkoperator.k8s.io/v1beta2
kind: SparkApplication
metadata:
  name: $APP_NAME
  namespace: $NS
spec:
  type: Java
  mode: cluster
  image: $IMAGE
  imagePullPolicy: IfNotPresent
  mainClass: $MAIN_CLASS
  mainApplicationFile: $APP_JAR
  arguments: [$(IFS=,; echo "${quoted[*]}" | sed 's/","/", "/g')]
  sparkVersion: "${SPARK_VERSION:-4.2.0}"
  restartPolicy:
    type: Never          # rerun the application to resume: committed trials are skipped
  sparkConf:
YAML
for kv in "${SHARED_CONF[@]}"; do
  echo "    ${kv%%=*}: \"${kv#*=}\""
done
cat <<YAML
  volumes:
    - name: results
      persistentVolumeClaim:
        claimName: $RESULTS_PVC      # ReadWriteMany
  driver:
    cores: 1
    memory: 2g
    serviceAccount: spark
    securityContext: {runAsUser: 185, runAsNonRoot: true}
    volumeMounts: [{name: results, mountPath: /results}]
  executor:
    instances: $N_EXECUTORS
    cores: $CORES             # trials at once per executor
    memory: $MEMORY
    securityContext: {runAsUser: 185, runAsNonRoot: true}
    volumeMounts: [{name: results, mountPath: /results}]
YAML
