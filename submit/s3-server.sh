#!/usr/bin/env bash
# A real S3 server on 127.0.0.1 for tests and trials: S3Proxy over an in-memory blob store (submit/lib/S3Server.java)
# in one JVM of its own, from Maven-resolved jars (submit/lib/s3proxy.pom.xml), so its Jetty and jclouds never
# meet Spark's classpath. Path-style requests, plain HTTP, AWS signatures with the given key pair.
#
# Usage: submit/s3-server.sh start [BUCKET]   in the background (bucket "uco" by default), a fresh random key
#          pair; waits until it serves and prints the endpoint and the spark.hadoop.fs.s3a.* settings to use
#          (the secret in target/s3-server/credentials, mode 600, never on the screen)
#        submit/s3-server.sh stop | status
#        submit/s3-server.sh run DIR BUCKET    in the foreground, the key pair from UCO_S3_ACCESS_KEY and
#          UCO_S3_SECRET_KEY (the JUnit helper org.ucospark.testing.MiniS3 runs this and kills it at the end)
# Environment: UCO_S3_MEMORY (heap of the server JVM, 512m), JAVA_HOME.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
state="$uco_target/s3-server"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
javac="${JAVA_HOME:+$JAVA_HOME/bin/}javac"

run() {
  local dir="$1" bucket="$2" cp
  mkdir -p "$dir"
  rm -f "$dir/ready" "$dir/endpoint"
  cp="$(uco_s3proxy_classpath)"
  # S3Server.java compiled once (target/s3-server-classes), again only when it changes.
  local src="$uco_home/submit/lib/S3Server.java" classes="$uco_target/s3-server-classes"
  if [[ ! -f "$classes/S3Server.class" || "$src" -nt "$classes/S3Server.class" ]]; then
    mkdir -p "$classes"
    "$javac" -nowarn -d "$classes" -cp "$cp" "$src"
  fi
  # S3Proxy logs through Logback, every request at DEBUG by default: warnings only.
  printf '%s\n' '<configuration><appender name="out" class="ch.qos.logback.core.ConsoleAppender">' \
    '<encoder><pattern>%d{HH:mm:ss} %level %logger{0}: %msg%n</pattern></encoder></appender>' \
    '<root level="WARN"><appender-ref ref="out"/></root></configuration>' > "$dir/logback.xml"
  exec "$java" -Xmx"${UCO_S3_MEMORY:-512m}" -Djava.net.preferIPv4Stack=true \
    -Dlogback.configurationFile="$dir/logback.xml" -cp "$classes:$cp" S3Server "$dir" "$bucket"
}

running() {
  uco_alive "$state/s3-server.pid"
}

start() {
  local bucket="${1:-uco}"
  if running; then
    status
    return
  fi
  rm -rf "$state" && mkdir -p "$state"
  uco_s3proxy_classpath > /dev/null
  (umask 077 && printf 'fs.s3a.access.key=uco-%s\nfs.s3a.secret.key=%s\n' \
    "$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')" "$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')" \
    > "$state/credentials")
  echo "$bucket" > "$state/bucket"
  UCO_S3_ACCESS_KEY="$(sed -n 's/^fs.s3a.access.key=//p' "$state/credentials")" \
    UCO_S3_SECRET_KEY="$(sed -n 's/^fs.s3a.secret.key=//p' "$state/credentials")" \
    uco_spawn "$state/s3-server.pid" "$state/s3-server.log" "$0" run "$state" "$bucket"
  uco_await "${UCO_S3_TIMEOUT:-300}" "$state/s3-server.pid" \
    "s3-server: not serving in time; log $state/s3-server.log" "$state/s3-server.log" 30 stop \
    test -f "$state/ready"
  status
}

stop() {
  [[ -f "$state/s3-server.pid" ]] || return 0
  uco_stop_pids 20 "$state/s3-server.pid"
  rm -f "$state/ready"
}

status() {
  if running && [[ -f "$state/ready" ]]; then
    echo "s3a://$(cat "$state/bucket")/ at $(cat "$state/endpoint"); Spark settings:"
    echo "  spark.hadoop.fs.s3a.endpoint=$(cat "$state/endpoint") spark.hadoop.fs.s3a.path.style.access=true"
    echo "  spark.hadoop.fs.s3a.connection.ssl.enabled=false and the key pair of $state/credentials"
  else
    echo "not running"
    return 1
  fi
}

cmd="${1:-}"
shift || true
case "$cmd" in
  start) start "$@" ;;
  stop) stop ;;
  status) status ;;
  run) [[ $# == 2 ]] || uco_die "usage: $0 run DIR BUCKET"; run "$@" ;;
  *) echo "usage: $0 start [BUCKET]|stop|status|run DIR BUCKET" >&2; exit 2 ;;
esac
