#!/usr/bin/env bash
# Runs a uco-spark command on a Spark standalone cluster through spark-submit with the shaded jar.
#
# Usage: submit/standalone.sh [--dry-run] [--master spark://HOST:PORT] [--deploy-mode client|cluster]
#                             [--executors N] [--executor-cores N] [--executor-memory SIZE]
#                             [--executor-overhead SIZE] [--jar PATH] [--conf K=V]... COMMAND [ARGS...]
#   e.g. submit/standalone.sh prepare --dataset usps --raw data/raw --out /tmp/prepared
#        SPARK_MASTER=spark://head:7077 UCO_EXECUTORS=8 submit/standalone.sh train --experiment ddc_usps
#
# Environment: SPARK_MASTER (default: the local cluster of submit/standalone-cluster.sh when it runs),
#   UCO_DEPLOY_MODE (client), UCO_EXECUTORS (2; spark.cores.max = executors x cores),
#   UCO_EXECUTOR_CORES (1), UCO_EXECUTOR_MEMORY (2g), UCO_EXECUTOR_OVERHEAD (1g), UCO_DRIVER_MEMORY (4g),
#   UCO_JAR, UCO_SPARK_CONF, UCO_DRY_RUN, SPARK_HOME: see submit/lib/common.sh.
#   Standalone does not reserve memoryOverhead: size the workers' --memory for heap + overhead.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
uco_parse_flags "$@"
if [[ -z "${SPARK_MASTER:-}" && -f "$uco_target/standalone-cluster/master-url" ]]; then
  SPARK_MASTER="$(cat "$uco_target/standalone-cluster/master-url")"
fi
[[ -n "${SPARK_MASTER:-}" ]] || uco_die "set SPARK_MASTER=spark://HOST:PORT (or start submit/standalone-cluster.sh)"
# A cluster on the loopback address needs a driver bound to it too.
case "$SPARK_MASTER" in *://127.0.0.1:* | *://localhost:*) export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}" ;; esac
: "${UCO_EXECUTORS:=2}" "${UCO_EXECUTOR_CORES:=1}" "${UCO_EXECUTOR_MEMORY:=2g}" "${UCO_EXECUTOR_OVERHEAD:=1g}"
uco_script_conf=("spark.cores.max=$((UCO_EXECUTORS * UCO_EXECUTOR_CORES))")
uco_build_command "$SPARK_MASTER" "${UCO_DEPLOY_MODE:-client}"
uco_run
