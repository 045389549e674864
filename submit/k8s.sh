#!/usr/bin/env bash
# Runs a uco-spark command on Kubernetes through $SPARK_HOME/bin/spark-submit (cluster mode: the driver runs
# in a pod of K8S_IMAGE, which holds the shaded jar; see docs/CLUSTER.md).
#
# Usage: submit/k8s.sh [--dry-run] [--master k8s://https://HOST:PORT] [--executors N] [--executor-cores N]
#                      [--executor-memory SIZE] [--executor-overhead SIZE] [--jar URI] [--conf K=V]...
#                      COMMAND [ARGS...]
#   e.g. SPARK_HOME=/opt/spark SPARK_MASTER=k8s://https://k8s.example:6443 K8S_IMAGE=registry/uco-spark:0.1.0 \
#          submit/k8s.sh sweep conf/sweeps/paper.conf --out s3a://bucket/sweeps/paper
#
# Environment: SPARK_MASTER (required: k8s://https://API-SERVER:PORT), K8S_IMAGE (required: the image),
#   K8S_NAMESPACE (default), K8S_SERVICE_ACCOUNT (spark; needs rights to create executor pods),
#   UCO_JAR (default local:///opt/uco-spark/uco-spark.jar, the jar inside the image),
#   UCO_DEPLOY_MODE (cluster), UCO_EXECUTORS (4), UCO_EXECUTOR_CORES (4), UCO_EXECUTOR_MEMORY (8g),
#   UCO_EXECUTOR_OVERHEAD (6g; added to the pod's memory request/limit), UCO_DRIVER_MEMORY (4g),
#   UCO_SPARK_CONF, UCO_DRY_RUN, SPARK_HOME: see submit/lib/common.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
uco_parse_flags "$@"
[[ "${SPARK_MASTER:-}" == k8s://* ]] || uco_die "set SPARK_MASTER=k8s://https://API-SERVER:PORT"
[[ -n "${K8S_IMAGE:-}" ]] || uco_die "set K8S_IMAGE to the uco-spark image (see docs/CLUSTER.md)"
: "${UCO_EXECUTORS:=4}" "${UCO_EXECUTOR_CORES:=4}" "${UCO_EXECUTOR_MEMORY:=8g}" "${UCO_EXECUTOR_OVERHEAD:=6g}"
: "${UCO_JAR:=local:///opt/uco-spark/uco-spark.jar}"
uco_script_conf=(
  "spark.executor.instances=$UCO_EXECUTORS"
  "spark.kubernetes.container.image=$K8S_IMAGE"
  "spark.kubernetes.namespace=${K8S_NAMESPACE:-default}"
  "spark.kubernetes.authenticate.driver.serviceAccountName=${K8S_SERVICE_ACCOUNT:-spark}"
  "spark.kubernetes.driverEnv.OMP_NUM_THREADS=$UCO_EXECUTOR_CORES"
  # The pod's CPU request follows the executor cores (ND4J uses them all through OpenMP).
  "spark.kubernetes.executor.request.cores=$UCO_EXECUTOR_CORES"
)
uco_build_command "$SPARK_MASTER" "${UCO_DEPLOY_MODE:-cluster}"
uco_run
