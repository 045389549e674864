#!/usr/bin/env bash
# Successive halving against the full grid (docs/SWEEPS.md, "Measured"): runs the sweep SWEEP_CONF twice on the
# same master, in fresh folders: as written (schedule = halving) and as the full grid (one rung at the last
# epoch: sweep.halving.min_epochs = the trials' epochs, so every trial trains to the end and records the same
# criterion). Prints both rung sections of summary.md (the chosen configuration, the compute) and the main
# table rows, so the fraction of epochs, whether halving chose the full grid's best configuration by the same
# criterion, and the chosen configuration's ACC/NMI in both can be read side by side.
#
# usage: submit/bench-halving.sh [SWEEP_CONF] [FULL_EPOCHS]
#   SWEEP_CONF   default conf/sweeps/usps-halving.conf (9 configurations x 3 seeds, rungs 1, 3, 9)
#   FULL_EPOCHS  the trials' epochs (default 9, as in the default conf)
# env: UCO_MASTER (default local[2]); UCO_DATA_ROOT (default data/prepared; USPS is prepared there if missing);
#      UCO_BENCH_DIR (keep the sweeps there; default a temporary folder removed at the end)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/usage.sh"
cd "$(dirname "$0")/.."
conf=${1:-conf/sweeps/usps-halving.conf}
epochs=${2:-9}
master=${UCO_MASTER:-local[2]}
data_root=${UCO_DATA_ROOT:-data/prepared}
die() { echo "bench-halving: $*" >&2; exit 2; }
[[ -f "$conf" ]] || die "$conf: no such sweep file"
[[ "$epochs" =~ ^[1-9][0-9]*$ ]] || die "FULL_EPOCHS must be a positive integer, got '$epochs'"
[[ -f target/classpath.txt ]] || die "build first: mvn -q -B -DskipTests package"
if [[ ! -f "$data_root/usps/_manifest.json" ]]; then
  submit/uco-spark prepare --dataset usps --raw data/raw --out "$data_root"
fi
if [[ -n "${UCO_BENCH_DIR:-}" ]]; then
  scratch=$UCO_BENCH_DIR
  mkdir -p "$scratch"
else
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
fi
common=(--set "spark.master=$master" --set "sweep.data_root=$data_root")
for kind in halving full; do
  extra=()
  [[ $kind == full ]] && extra=(--set "sweep.halving.min_epochs=$epochs")
  start=$(date +%s)
  submit/uco-spark sweep "$conf" --out "$scratch/$kind" "${common[@]}" "${extra[@]}" > "$scratch/$kind.log" 2>&1 \
    || die "the $kind sweep failed; see $scratch/$kind.log"
  echo "== $kind: $(( $(date +%s) - start )) s wall ($(uptime | sed 's/.*load/load/'))"
done
for kind in halving full; do
  echo; echo "===== $kind: summary.md"
  cat "$scratch/$kind/summary.md"
done
