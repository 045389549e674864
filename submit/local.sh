#!/usr/bin/env bash
# Runs a uco-spark command on Spark local mode through the launcher (submit/uco-spark: full classpath, no
# spark-submit, no shaded jar needed).
#
# Usage: submit/local.sh [--dry-run] COMMAND [ARGS...]
#   e.g. submit/local.sh prepare --dataset usps --raw data/raw --out /tmp/prepared
#
# Environment: UCO_LOCAL_MASTER (local[*]; e.g. local[2]), UCO_DRY_RUN=1 (same as --dry-run: print the
#   command and exit 0), and the launcher's own: UCO_DRIVER_MEMORY (8g), UCO_OFFHEAP, UCO_PHYSICAL
#   (javacpp maxbytes / maxphysicalbytes), UCO_JAVA_OPTS, JAVA_HOME.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/usage.sh"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dry_run="${UCO_DRY_RUN:-0}"
if [[ "${1:-}" == --dry-run ]]; then dry_run=1; shift; fi
(($#)) || { echo "local.sh: no command given (e.g. prepare, inspect, train)" >&2; exit 2; }
export UCO_JAVA_OPTS="${UCO_JAVA_OPTS:-} -Duco.spark.master=${UCO_LOCAL_MASTER:-local[*]}"
cmd=("$here/uco-spark" "$@")
if [[ "$dry_run" == 1 ]]; then
  printf 'UCO_JAVA_OPTS=%q ' "$UCO_JAVA_OPTS"; printf '%q ' "${cmd[@]}"; echo
  exit 0
fi
exec "${cmd[@]}"
