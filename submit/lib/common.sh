# Shared logic of the submit/ scripts (sourced, not run). Builds the spark-submit command line of uco-spark
# with the ND4J executor settings, prints it (--dry-run) or runs it.
#
# Environment (all optional; the scripts document their own defaults and extras):
#   SPARK_HOME             a Spark 3.5 distribution: its bin/spark-submit is used. Unset: the fallback
#                          `java -cp <Spark jars resolved from Maven> org.apache.spark.deploy.SparkSubmit`
#                          (standalone, local and YARN masters; Kubernetes needs a distribution). For YARN the
#                          Maven jars are laid out as target/spark-home (uco_spark_home), which the YARN client
#                          uploads to the containers as a distribution's jars/.
#   UCO_JAR                the application jar (default target/uco-spark-<version>-spark.jar).
#   UCO_DEPLOY_MODE        client | cluster.
#   UCO_EXECUTORS          number of executors.
#   UCO_EXECUTOR_CORES     cores per executor; also OMP_NUM_THREADS of the executors (ND4J's native threads).
#   UCO_EXECUTOR_MEMORY    executor heap (e.g. 4g).
#   UCO_EXECUTOR_OVERHEAD  spark.executor.memoryOverhead: ND4J arrays live off-heap (e.g. 4g).
#   UCO_DRIVER_MEMORY      driver heap (default 4g); UCO_DRIVER_OFFHEAP its javacpp maxbytes (default 4g).
#   UCO_SPARK_CONF         extra "key=value" Spark properties, separated by newlines or spaces.
#   UCO_JAVA_OPTS          extra JVM flags of the driver, e.g. "-Duco.epochs=5" (as for submit/uco-spark).
#   UCO_DRY_RUN=1          print the exact command and exit 0 (same as --dry-run).
# Flags before the command (the scripts' own; everything from the command on goes to uco-spark):
#   --dry-run, --master URL, --deploy-mode MODE, --executors N, --executor-cores N, --executor-memory SIZE,
#   --executor-overhead SIZE, --jar PATH, --conf KEY=VALUE (repeatable).

# `--help` / `-h` before anything else: the calling script's header (source passes on its arguments).
source "$(dirname "${BASH_SOURCE[0]}")/usage.sh"

uco_home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
uco_target="$uco_home/target"
uco_main_class="org.ucospark.cli.Main"

uco_die() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

# The Java 17 flags Spark needs: the one list is the pom property uco.jvm.options, filtered by the build
# into target/classes/uco-spark/jvm.options.
uco_jvm_options() {
  local f="$uco_target/classes/uco-spark/jvm.options"
  [[ -f "$f" ]] || uco_die "$f missing; build first: mvn -q -B -DskipTests package"
  tr -s '[:space:]' ' ' < "$f" | sed 's/ *$//'
}

# The jar spark-submit ships: UCO_JAR, else the shaded jar of the build.
uco_default_jar() {
  local jar
  for jar in "$uco_target"/uco-spark-*-spark.jar; do
    [[ -f "$jar" ]] && { echo "$jar"; return; }
  done
  echo "$uco_target/uco-spark-0.1.0-spark.jar"
}

# Size like 4g / 512m / 2048 (MiB) -> MiB.
uco_mib() {
  local v="${1,,}"
  case "$v" in
    *t) echo $(( ${v%t} * 1024 * 1024 )) ;;
    *g) echo $(( ${v%g} * 1024 )) ;;
    *m) echo $(( ${v%m} )) ;;
    *k) echo $(( ${v%k} / 1024 )) ;;
    *[0-9]) echo $(( v )) ;;
    *) uco_die "size '$1': expected a number with k, m, g or t (e.g. 4g)" ;;
  esac
}

# The jars of a Spark 3.5 distribution, from Maven (submit/lib/spark-dist.pom.xml), cached in
# target/spark-dist-classpath.txt. Offline first, then online; if Maven cannot resolve it, the build's full
# classpath (target/classpath.txt, which holds Spark too) with a warning.
uco_spark_dist_classpath() {
  local out="$uco_target/spark-dist-classpath.txt" pom="$uco_home/submit/lib/spark-dist.pom.xml"
  if [[ ! -s "$out" || "$pom" -nt "$out" ]]; then
    mkdir -p "$uco_target"
    if ! { mvn -B -q -o -f "$pom" dependency:build-classpath -Dmdep.outputFile="$out" >/dev/null 2>&1 \
        || mvn -B -q -f "$pom" dependency:build-classpath -Dmdep.outputFile="$out" >/dev/null 2>&1; }; then
      [[ -f "$uco_target/classpath.txt" ]] || uco_die "cannot resolve Spark's jars; build first: mvn -q -B -DskipTests package"
      echo "$(basename "$0"): warning: Maven could not resolve $pom; using target/classpath.txt" >&2
      cp "$uco_target/classpath.txt" "$out"
    fi
  fi
  cat "$out"
}

# The jars of Hadoop's test clusters (submit/lib/hadoop-minicluster.pom.xml), cached in
# target/hadoop-minicluster-classpath.txt, for submit/hadoop-minicluster.sh.
uco_minicluster_classpath() {
  uco_pom_classpath hadoop-minicluster "Hadoop's mini cluster jars"
}

# The jars of the S3 test server (submit/lib/s3proxy.pom.xml), cached in target/s3proxy-classpath.txt, for
# submit/s3-server.sh.
uco_s3proxy_classpath() {
  uco_pom_classpath s3proxy "S3Proxy's jars"
}

# The classpath of submit/lib/NAME.pom.xml, cached in target/NAME-classpath.txt until the pom changes.
# Offline first, then online. usage: uco_pom_classpath NAME WHAT
uco_pom_classpath() {
  local out="$uco_target/$1-classpath.txt" pom="$uco_home/submit/lib/$1.pom.xml"
  if [[ ! -s "$out" || "$pom" -nt "$out" ]]; then
    mkdir -p "$uco_target"
    mvn -B -q -o -f "$pom" dependency:build-classpath -Dmdep.outputFile="$out" >/dev/null 2>&1 \
      || mvn -B -q -f "$pom" dependency:build-classpath -Dmdep.outputFile="$out" >&2 \
      || uco_die "cannot resolve $2 ($pom)"
  fi
  cat "$out"
}

# A folder laid out like a Spark distribution (jars/ linking the Maven jars, empty conf/), for the workers
# of the local standalone cluster: they start executors with SPARK_HOME/jars/* on the classpath.
uco_spark_home() {
  local home="$uco_target/spark-home" jar
  if [[ ! -d "$home/jars" || "$uco_target/spark-dist-classpath.txt" -nt "$home/jars" ]]; then
    rm -rf "$home" && mkdir -p "$home/jars" "$home/conf"
    local cp
    cp="$(uco_spark_dist_classpath)"
    local IFS=':'
    for jar in $cp; do
      ln -sf "$jar" "$home/jars/$(basename "$jar")"
    done
  fi
  echo "$home"
}

# Parses the scripts' own flags (before the command); sets uco_args to the rest.
uco_parse_flags() {
  uco_dry_run="${UCO_DRY_RUN:-0}"
  uco_extra_conf=()
  while (($#)); do
    case "$1" in
      --dry-run) uco_dry_run=1 ;;
      --master) SPARK_MASTER="$2"; shift ;;
      --deploy-mode) UCO_DEPLOY_MODE="$2"; shift ;;
      --executors) UCO_EXECUTORS="$2"; shift ;;
      --executor-cores) UCO_EXECUTOR_CORES="$2"; shift ;;
      --executor-memory) UCO_EXECUTOR_MEMORY="$2"; shift ;;
      --executor-overhead) UCO_EXECUTOR_OVERHEAD="$2"; shift ;;
      --jar) UCO_JAR="$2"; shift ;;
      --conf) uco_extra_conf+=("$2"); shift ;;
      --) shift; break ;;
      *) break ;;
    esac
    shift
  done
  (($#)) || uco_die "no command given (e.g. prepare, inspect, train, sweep, report); see the header of $0"
  uco_args=("$@")
}

# Builds uco_cmd: the spark-submit command for master $1 with deploy mode $2; extra spark-submit arguments
# (e.g. --queue) follow. Uses UCO_EXECUTOR_* (defaults set by the calling script).
uco_build_command() {
  local master="$1" deploy_mode="$2"
  shift 2
  local cores="$UCO_EXECUTOR_CORES" memory="$UCO_EXECUTOR_MEMORY" overhead="$UCO_EXECUTOR_OVERHEAD"
  local jvm
  jvm="$(uco_jvm_options)"
  # javacpp (ND4J's memory manager) limits: off-heap arrays up to the overhead, the whole process up to
  # heap + overhead; beyond that ND4J fails with a clear OutOfMemoryError instead of YARN/K8s killing it.
  local exec_max exec_phys
  exec_max="$(uco_mib "$overhead")m"
  exec_phys="$(( $(uco_mib "$memory") + $(uco_mib "$overhead") ))m"
  local driver_mem="${UCO_DRIVER_MEMORY:-4g}" driver_off="${UCO_DRIVER_OFFHEAP:-4g}"
  local driver_max driver_phys
  driver_max="$(uco_mib "$driver_off")m"
  driver_phys="$(( $(uco_mib "$driver_mem") + $(uco_mib "$driver_off") ))m"
  local exec_opts="$jvm -Dorg.bytedeco.javacpp.maxbytes=$exec_max -Dorg.bytedeco.javacpp.maxphysicalbytes=$exec_phys"
  local driver_opts="$jvm -Dorg.bytedeco.javacpp.maxbytes=$driver_max -Dorg.bytedeco.javacpp.maxphysicalbytes=$driver_phys"
  # the driver's extra JVM flags, e.g. -Duco.<key>=value: the same variable as for submit/uco-spark
  driver_opts+="${UCO_JAVA_OPTS:+ $UCO_JAVA_OPTS}"
  local jar="${UCO_JAR:-$(uco_default_jar)}"

  if [[ -n "${SPARK_HOME:-}" ]]; then
    uco_cmd=("$SPARK_HOME/bin/spark-submit")
  else
    case "$master" in
      spark://* | local*) ;;
      # YARN's client uploads SPARK_HOME/jars to the containers: the Maven-resolved layout (with spark-yarn).
      yarn) [[ "$uco_dry_run" == 1 ]] || export SPARK_HOME="$(uco_spark_home)" ;;
      *) [[ "$uco_dry_run" == 1 ]] || uco_die "master '$master' needs a Spark distribution with its support: set SPARK_HOME" ;;
    esac
    local cp
    cp="$(uco_spark_dist_classpath)"
    # As bin/spark-class: the cluster's client configuration first on the classpath (the YARN client finds
    # its ResourceManager and the default file system there).
    cp="${HADOOP_CONF_DIR:+$HADOOP_CONF_DIR:}${YARN_CONF_DIR:+$YARN_CONF_DIR:}$cp"
    # The driver runs inside this JVM (client mode): it takes the driver's flags directly.
    uco_cmd=("${JAVA_HOME:+$JAVA_HOME/bin/}java" $driver_opts "-Xmx$driver_mem" -cp "$cp" org.apache.spark.deploy.SparkSubmit)
  fi
  uco_cmd+=(--master "$master" --deploy-mode "$deploy_mode" --class "$uco_main_class" --name "uco-spark ${uco_args[0]}")
  uco_cmd+=(--driver-memory "$driver_mem" --driver-java-options "$driver_opts")
  uco_cmd+=("$@")
  local conf=(
    "spark.executor.cores=$cores"
    "spark.executor.memory=$memory"
    "spark.executor.memoryOverhead=$overhead"
    "spark.executor.extraJavaOptions=$exec_opts"
    "spark.driver.extraJavaOptions=$driver_opts"
    "spark.executorEnv.OMP_NUM_THREADS=$cores"
    "spark.executorEnv.OMP_WAIT_POLICY=PASSIVE"
    "spark.serializer=org.apache.spark.serializer.KryoSerializer"
    "spark.kryo.registrator=org.nd4j.kryo.Nd4jRegistrator"
  )
  conf+=("${uco_script_conf[@]}")
  local c
  for c in ${UCO_SPARK_CONF:-}; do conf+=("$c"); done
  conf+=("${uco_extra_conf[@]}")
  for c in "${conf[@]}"; do
    uco_cmd+=(--conf "$c")
  done
  uco_cmd+=("$jar" "${uco_args[@]}")
}

# Prints (dry run) or runs uco_cmd.
uco_run() {
  if [[ "$uco_dry_run" == 1 ]]; then
    printf '%q ' "${uco_cmd[@]}"
    echo
    exit 0
  fi
  local jar="${UCO_JAR:-$(uco_default_jar)}"
  case "$jar" in
    *://*) ;;
    *) [[ -f "$jar" ]] || uco_die "$jar missing; build first: mvn -q -B -DskipTests package (or set UCO_JAR)" ;;
  esac
  exec "${uco_cmd[@]}"
}

# The background daemons of the local test clusters (submit/standalone-cluster.sh, submit/hadoop-minicluster.sh):
# started with their PID in a file, awaited until they serve, stopped by those PID files.

# Starts "$@" in the background (nohup), stdout and stderr to LOG, its process id into PIDFILE.
# usage: uco_spawn PIDFILE LOG COMMAND...
uco_spawn() {
  local pidfile="$1" log="$2"
  shift 2
  nohup "$@" > "$log" 2>&1 &
  echo $! > "$pidfile"
}

# Whether the process of PIDFILE lives.
uco_alive() {
  [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null
}

# Polls COMMAND every second until it succeeds. When TIMEOUT seconds have passed or the process of PIDFILE has
# ended first: MESSAGE and the last LINES lines of LOG on stderr, then STOP (a function that stops what was
# started), then exit 1.
# usage: uco_await TIMEOUT PIDFILE MESSAGE LOG LINES STOP COMMAND...
uco_await() {
  local timeout="$1" pidfile="$2" message="$3" log="$4" lines="$5" stop="$6"
  shift 6
  local deadline=$(( SECONDS + timeout ))
  until "$@"; do
    if (( SECONDS > deadline )) || ! uco_alive "$pidfile"; then
      echo "$message" >&2
      tail -n "$lines" "$log" >&2 || true
      "$stop"
      exit 1
    fi
    sleep 1
  done
}

# Stops the processes of the PID files: SIGTERM to all of them, then for each up to GRACE seconds to end before
# SIGKILL; removes the PID files. usage: uco_stop_pids GRACE PIDFILE...
uco_stop_pids() {
  local grace="$1" f pid
  shift
  for f in "$@"; do
    [[ -f "$f" ]] || continue
    kill "$(cat "$f")" 2>/dev/null || true
  done
  for f in "$@"; do
    [[ -f "$f" ]] || continue
    pid="$(cat "$f")"
    for _ in $(seq 1 $(( grace * 2 ))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$f"
  done
}
