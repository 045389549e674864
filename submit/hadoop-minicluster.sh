#!/usr/bin/env bash
# A real HDFS (and optionally YARN) on 127.0.0.1 for tests and smoke runs: Hadoop's MiniDFSCluster and
# MiniYARNCluster (hadoop-minicluster, the Hadoop version of Spark 3.5's client) in one JVM of their own,
# from Maven-resolved jars (submit/lib/hadoop-minicluster.pom.xml; no Hadoop installation needed).
#
# Usage: submit/hadoop-minicluster.sh start [--yarn] [--nodemanagers N] [--nm-memory-mb MB] [--nm-vcores N]
#          starts it in the background, waits until it serves (600 s at most, UCO_MINICLUSTER_TIMEOUT), and
#          prints the HDFS URI; the client configuration (HADOOP_CONF_DIR) is target/hadoop-minicluster/conf
#        submit/hadoop-minicluster.sh stop | status
#        submit/hadoop-minicluster.sh run DIR [flags]   in the foreground, state in DIR (the JUnit helper
#          org.ucospark.testing.MiniHadoop runs this and kills it at the end)
#        submit/hadoop-minicluster.sh fs ARGS...        Hadoop's FsShell against it (e.g. fs -ls -R /)
# Environment: UCO_MINICLUSTER_MEMORY (heap of the cluster JVM, 1g), JAVA_HOME.
# Logs: target/hadoop-minicluster/minicluster.log (start), DIR/minicluster.log (run).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
state="$uco_target/hadoop-minicluster"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# The NodeManagers launch containers with $JAVA_HOME/bin/java: it must be set in their environment.
if [[ -z "${JAVA_HOME:-}" ]]; then
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
fi
export JAVA_HOME

run() {
  local dir="$1"
  shift
  mkdir -p "$dir"
  rm -f "$dir/ready"
  local cp
  cp="$(uco_minicluster_classpath)"
  printf '%s\n' 'log4j.rootLogger=WARN, out' 'log4j.appender.out=org.apache.log4j.ConsoleAppender' \
    'log4j.appender.out.layout=org.apache.log4j.PatternLayout' \
    'log4j.appender.out.layout.ConversionPattern=%d{HH:mm:ss} %p %c{1}: %m%n' > "$dir/log4j.properties"
  # MiniHadoop.java compiled once (target/hadoop-minicluster-classes), again only when it changes.
  local src="$uco_home/submit/lib/MiniHadoop.java" classes="$uco_target/hadoop-minicluster-classes"
  if [[ ! -f "$classes/MiniHadoop.class" || "$src" -nt "$classes/MiniHadoop.class" ]]; then
    mkdir -p "$classes"
    "${JAVA_HOME}/bin/javac" -nowarn -d "$classes" -cp "$cp" "$src"
  fi
  # Java 17: Hadoop 3.3's web apps (Guice, Jersey) reflect into java.lang; the same flags as Spark's.
  # shellcheck disable=SC2046  # the flags are a space-separated list
  exec "$java" $(uco_jvm_options) -Xmx"${UCO_MINICLUSTER_MEMORY:-1g}" \
    -Dlog4j.configuration="file:$dir/log4j.properties" -Djava.net.preferIPv4Stack=true \
    -Dtest.build.data="$dir/data" -Dhadoop.log.dir="$dir/logs" \
    -cp "$classes:$cp" MiniHadoop "$dir" "$@"
}

running() {
  uco_alive "$state/minicluster.pid"
}

start() {
  if running; then
    echo "already running: $(cat "$state/hdfs-uri")"
    return
  fi
  rm -rf "$state" && mkdir -p "$state"
  uco_minicluster_classpath > /dev/null
  uco_spawn "$state/minicluster.pid" "$state/minicluster.log" "$0" run "$state" "$@"
  uco_await "${UCO_MINICLUSTER_TIMEOUT:-600}" "$state/minicluster.pid" \
    "hadoop-minicluster: not serving in time; log $state/minicluster.log" "$state/minicluster.log" 30 stop \
    test -f "$state/ready"
  echo "$(cat "$state/hdfs-uri") (HADOOP_CONF_DIR=$state/conf)"
}

stop() {
  [[ -f "$state/minicluster.pid" ]] || return 0
  uco_stop_pids 20 "$state/minicluster.pid"
  rm -f "$state/ready"
}

status() {
  if running && [[ -f "$state/ready" ]]; then
    echo "$(cat "$state/hdfs-uri") (HADOOP_CONF_DIR=$state/conf)"
  else
    echo "not running"
    return 1
  fi
}

fs() {
  [[ -f "$state/conf/core-site.xml" ]] || uco_die "not running (no $state/conf)"
  "$java" -Xmx256m -Dlog4j.configuration="file:$state/log4j.properties" \
    -cp "$state/conf:$(uco_minicluster_classpath)" org.apache.hadoop.fs.FsShell "$@"
}

cmd="${1:-}"
shift || true
case "$cmd" in
  start) start "$@" ;;
  stop) stop ;;
  status) status ;;
  run) run "$@" ;;
  fs) fs "$@" ;;
  *) echo "usage: $0 start [--yarn] [--nodemanagers N]|stop|status|run DIR [flags]|fs ARGS" >&2; exit 2 ;;
esac
