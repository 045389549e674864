#!/usr/bin/env bash
# A Spark standalone cluster on 127.0.0.1 for tests and smoke runs: one master and N workers as separate JVMs
# from the Maven-resolved Spark jars (no Spark distribution needed).
#
# Usage: submit/standalone-cluster.sh start|stop|status
#   start   starts the master and the workers, waits until all workers are registered (90 s at most), and
#           writes the master URL to target/standalone-cluster/master-url (submit/standalone.sh uses it)
#   stop    stops them (PID files under target/standalone-cluster/)
#   status  prints the master URL and the registered workers; exit 1 when not running
#
# Environment: UCO_WORKERS (2), UCO_WORKER_CORES (1), UCO_WORKER_MEMORY (3g), UCO_DAEMON_MEMORY (512m, heap
#   of the master and worker JVMs), UCO_CLUSTER_TIMEOUT (90 s), JAVA_HOME.
# Logs: target/standalone-cluster/{master,worker-N}.log; executors' logs under target/standalone-cluster/work.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
state="$uco_target/standalone-cluster"
workers="${UCO_WORKERS:-2}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 30000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return
    fi
  done
  uco_die "no free port found"
}

alive_workers() {
  local ui
  ui="$(cat "$state/master-webui" 2>/dev/null)" || { echo 0; return; }
  curl -fsS --max-time 2 "http://127.0.0.1:$ui/json/" 2>/dev/null \
    | grep -o '"aliveworkers" *: *[0-9]*' | grep -o '[0-9]*$' || echo 0
}

running() {
  uco_alive "$state/master.pid"
}

registered() {
  [[ "$(alive_workers)" -ge "$workers" ]]
}

start() {
  if running; then
    echo "already running: $(cat "$state/master-url")"
    return
  fi
  rm -rf "$state" && mkdir -p "$state/work"
  local home jvm port ui
  home="$(uco_spark_home)"
  jvm="$(uco_jvm_options)"
  port="$(free_port)"
  ui="$(free_port)"
  echo "$ui" > "$state/master-webui"
  export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1 SPARK_CONF_DIR="$home/conf"
  # shellcheck disable=SC2086  # jvm is a space-separated list of flags
  uco_spawn "$state/master.pid" "$state/master.log" \
    "$java" $jvm -Xmx"${UCO_DAEMON_MEMORY:-512m}" -cp "$home/jars/*" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$port" --webui-port "$ui"
  local i
  for i in $(seq 1 "$workers"); do
    mkdir -p "$state/work/worker-$i"
    # shellcheck disable=SC2086
    uco_spawn "$state/worker-$i.pid" "$state/worker-$i.log" \
      "$java" $jvm -Xmx"${UCO_DAEMON_MEMORY:-512m}" -cp "$home/jars/*" org.apache.spark.deploy.worker.Worker \
      "spark://127.0.0.1:$port" --host 127.0.0.1 --cores "${UCO_WORKER_CORES:-1}" \
      --memory "${UCO_WORKER_MEMORY:-3g}" --webui-port 0 --work-dir "$state/work/worker-$i"
  done
  uco_await "${UCO_CLUSTER_TIMEOUT:-90}" "$state/master.pid" \
    "standalone-cluster: $workers workers not registered in time; logs in $state" "$state/master.log" 20 stop \
    registered
  echo "spark://127.0.0.1:$port" > "$state/master-url"
  echo "spark://127.0.0.1:$port ($workers workers; web UI http://127.0.0.1:$ui)"
}

stop() {
  uco_stop_pids 10 "$state"/worker-*.pid "$state"/master.pid
  # Executors the workers started are their children and end with them; the URL file marks "running".
  rm -f "$state/master-url"
}

status() {
  if running; then
    echo "$(cat "$state/master-url" 2>/dev/null || echo starting) ($(alive_workers) workers alive)"
  else
    echo "not running"
    return 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
