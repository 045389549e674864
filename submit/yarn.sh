#!/usr/bin/env bash
# Runs a uco-spark command on YARN through $SPARK_HOME/bin/spark-submit with the shaded jar.
#
# Usage: submit/yarn.sh [--dry-run] [--deploy-mode cluster|client] [--executors N] [--executor-cores N]
#                       [--executor-memory SIZE] [--executor-overhead SIZE] [--jar PATH] [--conf K=V]...
#                       COMMAND [ARGS...]
#   e.g. HADOOP_CONF_DIR=/etc/hadoop/conf SPARK_HOME=/opt/spark YARN_QUEUE=research \
#          submit/yarn.sh train --experiment ddc_mnist --set data.path=hdfs:///data/prepared/mnist
#
# Environment: SPARK_HOME (a Spark distribution; unset: Spark with spark-yarn from Maven, see common.sh),
#   HADOOP_CONF_DIR / YARN_CONF_DIR (read by spark-submit), YARN_QUEUE (default: the cluster's default queue), UCO_DEPLOY_MODE (cluster),
#   UCO_EXECUTORS (4), UCO_EXECUTOR_CORES (4), UCO_EXECUTOR_MEMORY (8g), UCO_EXECUTOR_OVERHEAD (6g; YARN
#   adds it to the container size, ND4J's off-heap arrays live there), UCO_DRIVER_MEMORY (4g), UCO_JAR,
#   UCO_SPARK_CONF, UCO_DRY_RUN: see submit/lib/common.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
uco_parse_flags "$@"
: "${UCO_EXECUTORS:=4}" "${UCO_EXECUTOR_CORES:=4}" "${UCO_EXECUTOR_MEMORY:=8g}" "${UCO_EXECUTOR_OVERHEAD:=6g}"
extra=(--num-executors "$UCO_EXECUTORS")
[[ -z "${YARN_QUEUE:-}" ]] || extra+=(--queue "$YARN_QUEUE")
uco_script_conf=(
  "spark.executor.instances=$UCO_EXECUTORS"
  # The driver of cluster mode runs in the application master's container.
  "spark.yarn.appMasterEnv.OMP_NUM_THREADS=$UCO_EXECUTOR_CORES"
  # ... and its ND4J arrays live off-heap (javacpp maxbytes = UCO_DRIVER_OFFHEAP): YARN sizes the container
  # as heap + overhead, so the overhead must hold them, as for the executors.
  "spark.driver.memoryOverhead=${UCO_DRIVER_OFFHEAP:-4g}"
  "spark.yarn.maxAppAttempts=1"
)
uco_build_command "${SPARK_MASTER:-yarn}" "${UCO_DEPLOY_MODE:-cluster}" "${extra[@]}"
uco_run
