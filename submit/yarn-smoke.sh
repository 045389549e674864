#!/usr/bin/env bash
# Smoke test of the YARN path (run by `.ci/run`; `--no-hadoop` skips it): starts a real HDFS and YARN on 127.0.0.1
# (submit/hadoop-minicluster.sh start --yarn: MiniDFSCluster + MiniYARNCluster, one NodeManager), uploads the
# shipped USPS files to HDFS, and runs through submit/yarn.sh in cluster deploy mode (spark-submit from Maven's
# Spark with spark-yarn, the shaded jar, the driver in YARN's application master): `prepare`, then a 2-trial
# sweep (ddc, 2 seeds, 240 images, 1 epoch; the sweep file itself on HDFS); checks the summary on HDFS and
# stops the cluster (also on failure).
#
# Usage: submit/yarn-smoke.sh        (after mvn -B verify / package: needs the shaded jar)
# Environment: UCO_SMOKE_KEEP=1 keeps the cluster's folder (target/hadoop-minicluster) for its logs (the
#   containers' logs are under its data/ folder), plus those of submit/hadoop-minicluster.sh and submit/yarn.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/usage.sh"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/.."
started=$SECONDS
cleanup() {
  "$here/hadoop-minicluster.sh" stop || true
  [[ -n "${UCO_SMOKE_KEEP:-}" ]] || rm -rf target/hadoop-minicluster
}
trap cleanup EXIT
step() { echo "== $* ($(( SECONDS - started )) s)"; }
fail() { echo "yarn-smoke: $*" >&2; exit 1; }

step "start HDFS and YARN"
"$here/hadoop-minicluster.sh" start --yarn --nodemanagers 1 --nm-memory-mb 8192 --nm-vcores 4
export HADOOP_CONF_DIR="$PWD/target/hadoop-minicluster/conf"
hdfs="$(cat target/hadoop-minicluster/hdfs-uri)"
logs=target/hadoop-minicluster/smoke
mkdir -p "$logs"
"$here/hadoop-minicluster.sh" fs -mkdir -p "$hdfs/raw" "$hdfs/conf" 2> "$logs/fs.log"
"$here/hadoop-minicluster.sh" fs -put data/raw/usps "$hdfs/raw/" 2>> "$logs/fs.log"
cat > "$logs/sweep.conf" <<'CONF'
sweep {
  name = yarn-smoke
  datasets = [usps]
  models = [ddc]
  seeds = 2
  set { epochs = 1, eval_interval = 1, batch_size = 60, data.limit = 240 }
  mode = trial-parallel
}
CONF
"$here/hadoop-minicluster.sh" fs -put "$logs/sweep.conf" "$hdfs/conf/sweep.conf" 2>> "$logs/fs.log"

# Small containers: the application master (driver) 1g heap + 1g off-heap, two 1-core executors of 1g + 1g.
export UCO_DEPLOY_MODE=cluster UCO_EXECUTORS=2 UCO_EXECUTOR_CORES=1 UCO_EXECUTOR_MEMORY=1g UCO_EXECUTOR_OVERHEAD=1g
export UCO_DRIVER_MEMORY=1g UCO_DRIVER_OFFHEAP=1g
unset SPARK_HOME SPARK_MASTER

step "prepare (yarn cluster mode)"
"$here/yarn.sh" prepare --dataset usps --raw "$hdfs/raw" --out "$hdfs/prepared" > "$logs/prepare.log" 2>&1 \
  || { grep -v '^\s*at ' "$logs/prepare.log" | tail -n 40 >&2; fail "prepare failed (log $logs/prepare.log)"; }
"$here/hadoop-minicluster.sh" fs -test -e "$hdfs/prepared/usps/_manifest.json" 2>> "$logs/fs.log" \
  || fail "no _manifest.json under $hdfs/prepared/usps"

step "sweep of 2 trials (yarn cluster mode)"
"$here/yarn.sh" sweep "$hdfs/conf/sweep.conf" --set sweep.data_root="$hdfs/prepared" --out "$hdfs/sweeps/smoke" \
  > "$logs/sweep.log" 2>&1 \
  || { grep -v '^\s*at ' "$logs/sweep.log" | tail -n 40 >&2; fail "sweep failed (log $logs/sweep.log)"; }

step "check the summary on HDFS"
"$here/hadoop-minicluster.sh" fs -cat "$hdfs/sweeps/smoke/summary.md" > "$logs/summary.md" 2>> "$logs/fs.log" \
  || fail "no summary.md under $hdfs/sweeps/smoke"
grep -q '| 2 / 0 / 0 |' "$logs/summary.md" || { cat "$logs/summary.md" >&2; fail "expected 2 counted, 0 failed and 0 diverged trials"; }
"$here/hadoop-minicluster.sh" fs -test -e "$hdfs/sweeps/smoke/report/index.html" 2>> "$logs/fs.log" \
  || fail "no report/index.html under $hdfs/sweeps/smoke"

echo "yarn-smoke: OK in $(( SECONDS - started )) s"
