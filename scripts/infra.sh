#!/usr/bin/env bash
# scripts/infra.sh — throwaway test infrastructure on 127.0.0.1:
#   * a PostgreSQL 15 cluster (trust auth on loopback, port $PG_PORT) with the
#     roles and database from deploy/sql/roles.sql;
#   * a single-node Kafka broker in KRaft combined mode (port $KAFKA_PORT,
#     controller on $KAFKA_CONTROLLER_PORT), jars from scripts/setup.sh, of the version
#     VEXTRUS_TEST_KAFKA_VERSION names: one of KAFKA_VERSIONS in lib.sh, by default the first
#     (3.9.1); while that variable is unset, `up` keeps a broker that runs, whatever its version;
#   * for the security tests: TLS on PostgreSQL (a self-signed CA made here; clients opt in
#     with sslmode=verify-full) and a SASL/PLAIN listener on $KAFKA_SASL_PORT whose password
#     is made here. Neither key nor password is in the repository.
# State lives in $LOCAL_DIR (.local/pg, .local/kafka, logs in .local/logs); each Kafka version
# keeps its data apart in .local/kafka/<version>, so no version ever opens another's data.
#
# Usage: infra.sh up [pg|kafka]   start both, or one (no-op for what already runs)
#        infra.sh down [pg|kafka] [--purge]  stop both, or one; --purge also deletes data
#        infra.sh status          say what runs, Kafka with its version (exit 0 only if both run)
#        infra.sh env             print export lines: eval "$(scripts/infra.sh env)"; they include
#                                 VEXTRUS_TEST_KAFKA_VERSION, the Kafka that runs (else the one
#                                 `up` would start), so a later `down kafka; up kafka` keeps it
# Another broker version: infra.sh down kafka; VEXTRUS_TEST_KAFKA_VERSION=4.4.0 infra.sh up kafka
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

say() { echo "infra: $*" >&2; }
die() { say "error: $*"; exit 1; }

LOG_DIR="$LOCAL_DIR/logs"
PG_DIR="$LOCAL_DIR/pg"
PG_DATA="$PG_DIR/data"
PG_SOCK="$PG_DIR/run"
PG_LOG="$LOG_DIR/postgres.log"
KAFKA_ROOT="$LOCAL_DIR/kafka"
KAFKA_DIR="$KAFKA_ROOT/$KAFKA_VERSION"  # this version's configuration and data
KAFKA_PROPS="$KAFKA_DIR/server.properties"
# Kafka 3.x logs through reload4j (log4j 1 properties), 4.x through log4j 2 (KIP-653).
if [[ "$(kafka_major "$KAFKA_VERSION")" == 3 ]]; then
  KAFKA_LOG4J="$KAFKA_DIR/log4j.properties"
  KAFKA_LOG_OPTS=(-Dlog4j.configuration="file:$KAFKA_LOG4J")
else
  KAFKA_LOG4J="$KAFKA_DIR/log4j2.properties"
  KAFKA_LOG_OPTS=(-Dlog4j2.configurationFile="$KAFKA_LOG4J")
fi
KAFKA_LOG="$LOG_DIR/kafka.log"
KAFKA_PID="$LOCAL_DIR/kafka.pid"
ROLES_SQL="$REPO_ROOT/deploy/sql/roles.sql"
KAFKA_START_TIMEOUT=90
TLS_DIR="$PG_DIR/tls"
SASL_PASSWORD_FILE="$KAFKA_ROOT/sasl-password"  # one for every version

# ---------------------------------------------------------------- helpers ---

# PostgreSQL refuses to run as root: as root, run its tools as `postgres`.
if [[ "$(id -u)" -eq 0 ]]; then
  PG_OWNER=postgres
  as_pg() { runuser -u postgres -- "$@"; }
else
  PG_OWNER="$(id -un)"
  as_pg() { "$@"; }
fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pg_running() { [[ -f "$PG_DATA/PG_VERSION" ]] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; }

kafka_pid() {  # prints the broker's pid when it runs
  local pid
  [[ -f "$KAFKA_PID" ]] || return 1
  pid="$(<"$KAFKA_PID")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka' || return 1
  echo "$pid"
}

kafka_running_version() {  # kafka_running_version PID: the version of its jars (.../kafka-<v>/libs)
  tr '\0' '\n' <"/proc/$1/cmdline" 2>/dev/null | sed -n 's|.*/kafka-\([0-9][^/]*\)/libs/.*|\1|p' | head -n 1
}

kafka_running_data() {  # kafka_running_data PID: the log.dirs of the properties file it was started with
  local props
  props="$(tr '\0' '\n' <"/proc/$1/cmdline" 2>/dev/null | tail -n 1)"
  sed -n 's/^log\.dirs=//p' "$props" 2>/dev/null | tail -n 1
}

kafka_current_version() {  # the version of the broker that runs, else the one `up` would start
  local pid v=""
  if pid="$(kafka_pid)"; then v="$(kafka_running_version "$pid")"; fi
  echo "${v:-$KAFKA_VERSION}"
}

psql_super() { psql -X -q -v ON_ERROR_STOP=1 "postgresql://postgres@127.0.0.1:$PG_PORT/postgres" "$@"; }

# --------------------------------------------------------------- postgres ---

pg_init() {
  say "postgres: initdb in $PG_DATA"
  mkdir -p "$PG_DIR" "$LOG_DIR"
  chown "$PG_OWNER" "$PG_DIR"
  as_pg test -w "$PG_DIR" ||
    die "user $PG_OWNER cannot reach $PG_DIR (a parent folder is not world-searchable?); set VEXTRUS_LOCAL_DIR to a folder it can use"
  rm -rf "$PG_DATA"  # left over from a failed initdb, if anything
  as_pg mkdir -p "$PG_DATA" "$PG_SOCK"
  as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust \
    -E UTF8 --locale=C.UTF-8 >"$LOG_DIR/initdb.log" 2>&1 ||
    { tail -n 20 "$LOG_DIR/initdb.log" >&2; die "initdb failed"; }

  # Loopback only, trust: a throwaway cluster for tests, never for real data.
  cat >"$PG_DATA/pg_hba.conf" <<'EOF'
# TYPE  DATABASE  USER  ADDRESS        METHOD
local   all       all                  trust
host    all       all   127.0.0.1/32   trust
EOF
  echo "include_if_exists = 'vextrus.conf'" >>"$PG_DATA/postgresql.conf"
  chown "$PG_OWNER" "$PG_DATA/pg_hba.conf"
}

# A CA and a server certificate for 127.0.0.1, made once per cluster (throwaway test keys).
pg_make_tls() {
  [[ -f "$TLS_DIR/ca.crt" && -f "$PG_DATA/server.crt" ]] && return
  mkdir -p "$TLS_DIR"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=vextrus-flow test CA" \
    -keyout "$TLS_DIR/ca.key" -out "$TLS_DIR/ca.crt" >/dev/null 2>&1 || die "making the test CA failed"
  openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
    -keyout "$TLS_DIR/server.key" -out "$TLS_DIR/server.csr" >/dev/null 2>&1 || die "making the server key failed"
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$TLS_DIR/san.ext"
  openssl x509 -req -in "$TLS_DIR/server.csr" -CA "$TLS_DIR/ca.crt" -CAkey "$TLS_DIR/ca.key" -CAcreateserial \
    -days 3650 -extfile "$TLS_DIR/san.ext" -out "$TLS_DIR/server.crt" >/dev/null 2>&1 ||
    die "signing the server certificate failed"
  chmod 644 "$TLS_DIR/ca.crt"
  install -m 600 -o "$PG_OWNER" "$TLS_DIR/server.key" "$PG_DATA/server.key"
  install -m 644 -o "$PG_OWNER" "$TLS_DIR/server.crt" "$PG_DATA/server.crt"
}

pg_write_conf() {  # rewritten on every start so port changes take effect
  local sock="$PG_SOCK"
  # A unix socket path must fit in 107 bytes; skip the socket if it can't.
  ((${#sock} + 20 < 107)) || sock=""
  cat >"$PG_DATA/vextrus.conf" <<EOF
# written by scripts/infra.sh
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$sock'
max_connections = 200
shared_buffers = 256MB
wal_level = minimal
max_wal_senders = 0
# A write-heavy service: with the default 1 GB of WAL, checkpoints came every 12-16 s under
# load, and every page first written after one goes to the WAL whole. Size it as production would.
max_wal_size = 8GB
checkpoint_timeout = 15min
log_min_messages = warning
log_line_prefix = '%m [%p] %q%u@%d '
# TLS for the clients that ask for it (sslmode=verify-full with the test CA); the environment
# below says sslmode=disable, so the other tests and the benchmarks run without it.
ssl = on
ssl_cert_file = 'server.crt'
ssl_key_file = 'server.key'
EOF
  chown "$PG_OWNER" "$PG_DATA/vextrus.conf"
}

pg_up() {
  if pg_running; then
    say "postgres: already running on 127.0.0.1:$PG_PORT"
  else
    [[ -x "$PG_BIN/pg_ctl" ]] || die "no PostgreSQL in $PG_BIN; run scripts/setup.sh"
    port_open "$PG_PORT" && die "port $PG_PORT is taken by another process (set VEXTRUS_TEST_PG_PORT)"
    [[ -f "$PG_DATA/PG_VERSION" ]] || pg_init
    pg_make_tls
    pg_write_conf
    mkdir -p "$LOG_DIR"
    touch "$PG_LOG" && chown "$PG_OWNER" "$PG_LOG"
    start_despite_port_races postgres pg_start_once "$PG_LOG"
  fi
  # roles.sql is idempotent: applying it every time keeps an old cluster current.
  psql_super -f "$ROLES_SQL" >/dev/null || die "applying $ROLES_SQL failed"
}

# Starts PostgreSQL and waits until it serves. Returns 1 when its port was taken; dies on any
# other failure.
pg_start_once() {
  local mark
  say "postgres: starting on 127.0.0.1:$PG_PORT"
  mark="$(wc -l <"$PG_LOG")"
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start >/dev/null && return
  tail -n +"$((mark + 1))" "$PG_LOG" | grep -q 'could not bind .*Address already in use' && return 1
  tail -n 20 "$PG_LOG" >&2
  die "postgres did not start (log: $PG_LOG)"
}

# start_despite_port_races NAME START_FUNCTION LOG
# The servers' ports lie in Linux's ephemeral range (32768-60999), so a client's outgoing
# connection can hold one for a moment: the port checks pass and the bind fails (seen once, on
# the broker's SASL port). A start that fails so (START_FUNCTION returns 1) is tried again, up
# to three times; any other failure is START_FUNCTION's to report.
start_despite_port_races() {
  local name="$1" start="$2" log="$3" attempt
  for attempt in 1 2 3; do
    "$start" && return
    say "$name: a port was taken while it started (attempt $attempt); starting again"
    sleep 1
  done
  die "$name could not bind its ports in 3 attempts (log: $log)"
}

pg_down() {
  if pg_running; then
    say "postgres: stopping"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null
  fi
}

# ------------------------------------------------------------------ kafka ---

kafka_java() {  # kafka_java [JVM OPTIONS...] MAIN-CLASS ARGS...
  java -Djava.awt.headless=true "${KAFKA_LOG_OPTS[@]}" \
    -cp "$KAFKA_HOME/libs/*" "$@"
}

kafka_write_conf() {
  mkdir -p "$KAFKA_DIR/data" "$LOG_DIR"
  if [[ ! -s "$SASL_PASSWORD_FILE" ]]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr '+/' '-_' >"$SASL_PASSWORD_FILE")
  fi
  local sasl_password
  sasl_password="$(<"$SASL_PASSWORD_FILE")"
  touch "$KAFKA_PROPS" && chmod 600 "$KAFKA_PROPS"  # it holds the SASL password
  cat >"$KAFKA_PROPS" <<EOF
# written by scripts/infra.sh — single-node KRaft broker+controller for tests
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT,SASL_PLAINTEXT://127.0.0.1:$KAFKA_SASL_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,SASL_PLAINTEXT://127.0.0.1:$KAFKA_SASL_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT
sasl.enabled.mechanisms=PLAIN
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_vextrus="$sasl_password";
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=6
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
# One broker: a few partitions for the internal topics load their coordinators in a moment
# (50 each by default took seconds, during which idempotent producers wait for their id).
transaction.state.log.num.partitions=4
offsets.topic.num.partitions=6
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
# After an unclean stop (kill -9) the controller refuses the broker's new
# registration until the old session expires (default 9 s); keep that short.
broker.session.timeout.ms=4000
broker.heartbeat.interval.ms=1000
EOF
  # Log to stdout (redirected to $KAFKA_LOG): WARN and up, plus the version
  # and the start/stop lines at INFO (infra.sh waits for "Kafka Server started").
  if [[ "$(kafka_major "$KAFKA_VERSION")" == 3 ]]; then
    cat >"$KAFKA_LOG4J" <<'EOF'
log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaRaftServer=INFO
log4j.logger.org.apache.kafka.common.utils.AppInfoParser=INFO
EOF
  else
    cat >"$KAFKA_LOG4J" <<'EOF'
# log4j 2 (Kafka 4.x) in its properties format: what log4j.properties says for Kafka 3.x
status = warn
# Kafka stops in its own shutdown hook and logs while it does: log4j's hook would stop logging first.
shutdownHook = disable
appender.stdout.type = Console
appender.stdout.name = STDOUT
appender.stdout.layout.type = PatternLayout
appender.stdout.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.stdout.ref = STDOUT
logger.raft.name = kafka.server.KafkaRaftServer
logger.raft.level = INFO
# AppInfoParser (the version line) moved into the utils.internals package in 4.x
logger.appinfo.name = org.apache.kafka.common.utils.internals.AppInfoParser
logger.appinfo.level = INFO
EOF
  fi
}

random_cluster_id() {  # a Kafka Uuid: 16 random bytes, base64url, no padding
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
    [[ "$id" == -* ]] || { echo "$id"; return; }  # as Uuid.randomUuid(): no leading '-'
  done
}

kafka_up() {
  local pid running
  if pid="$(kafka_pid)"; then
    running="$(kafka_running_version "$pid")"
    if [[ -n "${VEXTRUS_TEST_KAFKA_VERSION:-}" && "$running" != "$KAFKA_VERSION" ]]; then
      die "kafka ${running:-of another version} runs on 127.0.0.1:$KAFKA_PORT (pid $pid), not $KAFKA_VERSION; stop it first: infra.sh down kafka"
    fi
    say "kafka: $running already running on 127.0.0.1:$KAFKA_PORT (pid $pid)"
    return
  fi
  local v known=""
  for v in "${KAFKA_VERSIONS[@]}"; do [[ "$v" == "$KAFKA_VERSION" ]] && known=1; done
  [[ -n "$known" ]] ||
    die "VEXTRUS_TEST_KAFKA_VERSION=$KAFKA_VERSION is not one of the tested versions: ${KAFKA_VERSIONS[*]} (scripts/lib.sh)"
  compgen -G "$KAFKA_HOME/libs/kafka_2.13-$KAFKA_VERSION.jar" >/dev/null ||
    die "no Kafka $KAFKA_VERSION jars in $KAFKA_HOME/libs; run scripts/setup.sh"
  command -v java >/dev/null || die "java not found; run scripts/setup.sh"
  local p
  for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$KAFKA_SASL_PORT"; do
    port_open "$p" && die "port $p is taken by another process (set VEXTRUS_TEST_KAFKA_PORT / VEXTRUS_TEST_KAFKA_CONTROLLER_PORT)"
  done
  # Before each version had its folder, the one broker, a 3.9, kept its data in $KAFKA_ROOT/data:
  # it becomes the data of the 3.x version of KAFKA_VERSIONS (so a broker restarted across this
  # change keeps its topics), unless that version has data already.
  if [[ -d "$KAFKA_ROOT/data" ]]; then
    local legacy_to=""
    for v in "${KAFKA_VERSIONS[@]}"; do
      if [[ "$(kafka_major "$v")" == 3 ]]; then legacy_to="$KAFKA_ROOT/$v"; break; fi
    done
    if [[ -n "$legacy_to" && ! -e "$legacy_to/data" ]]; then
      say "kafka: moving the data of the former layout to $legacy_to/data"
      mkdir -p "$legacy_to"
      mv "$KAFKA_ROOT/data" "$legacy_to/data"
    else
      say "kafka: removing the data of the former layout ($KAFKA_ROOT/data)"
      rm -rf "$KAFKA_ROOT/data"
    fi
    rm -f "$KAFKA_ROOT/server.properties" "$KAFKA_ROOT/log4j.properties"
  fi
  kafka_write_conf
  if [[ ! -f "$KAFKA_DIR/data/meta.properties" ]]; then
    say "kafka: formatting storage for $KAFKA_VERSION in $KAFKA_DIR/data"
    # kafka.tools.StorageTool is in kafka_2.13 of 3.9 and 4.4 alike; with the static
    # controller.quorum.voters above, 4.x needs no --standalone (that is for a dynamic quorum).
    kafka_java kafka.tools.StorageTool format -t "$(random_cluster_id)" \
      -c "$KAFKA_PROPS" >>"$KAFKA_LOG" 2>&1 ||
      { tail -n 20 "$KAFKA_LOG" >&2; die "kafka storage format failed (log: $KAFKA_LOG)"; }
  fi

  start_despite_port_races kafka kafka_start_once "$KAFKA_LOG"
}

# Starts the broker and waits until it serves. Returns 1 when it exited because a port was in
# use; dies on any other failure.
kafka_start_once() {
  local pid
  say "kafka: starting $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT"
  local mark
  touch "$KAFKA_LOG"
  mark="$(wc -l <"$KAFKA_LOG")"
  echo "----- infra.sh up: Kafka $KAFKA_VERSION $(date -Is) -----" >>"$KAFKA_LOG"
  nohup java -Xmx512m -Xms512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true "${KAFKA_LOG_OPTS[@]}" \
    -Dkafka.logs.dir="$LOG_DIR" \
    -cp "$KAFKA_HOME/libs/*" kafka.Kafka "$KAFKA_PROPS" \
    </dev/null >>"$KAFKA_LOG" 2>&1 &
  pid=$!
  echo "$pid" >"$KAFKA_PID"

  local deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  until port_open "$KAFKA_PORT" &&
        tail -n +"$((mark + 1))" "$KAFKA_LOG" | grep -q 'Kafka Server started'; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$KAFKA_PID"
      tail -n +"$((mark + 1))" "$KAFKA_LOG" | grep -q 'BindException: Address already in use' && return 1
      tail -n 30 "$KAFKA_LOG" >&2
      die "kafka exited while starting (log: $KAFKA_LOG)"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 30 "$KAFKA_LOG" >&2
      die "kafka did not start within ${KAFKA_START_TIMEOUT}s (pid $pid still runs; log: $KAFKA_LOG)"
    fi
    sleep 0.5
  done
}

kafka_down() {
  local pid i
  if pid="$(kafka_pid)"; then
    say "kafka: stopping (pid $pid)"
    kill -TERM "$pid"
    for ((i = 0; i < 120; i++)); do  # a controlled shutdown takes a few seconds
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    if kill -0 "$pid" 2>/dev/null; then
      say "kafka: still running after 30s, killing"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$KAFKA_PID"
}

# --------------------------------------------------------------- commands ---

cmd_up() {  # up [pg|kafka]: both by default
  local t0=$SECONDS what="${1:-all}"
  mkdir -p "$LOCAL_DIR" "$LOG_DIR"
  case "$what" in
    all) pg_up; kafka_up
         say "up in $((SECONDS - t0))s: postgres 127.0.0.1:$PG_PORT, kafka 127.0.0.1:$KAFKA_PORT" ;;
    pg) pg_up; say "up in $((SECONDS - t0))s: postgres 127.0.0.1:$PG_PORT" ;;
    kafka) kafka_up; say "up in $((SECONDS - t0))s: kafka 127.0.0.1:$KAFKA_PORT" ;;
    *) die "usage: infra.sh up [pg|kafka]" ;;
  esac
}

cmd_down() {  # down [pg|kafka] [--purge]: both by default
  local purge="" what=all
  for arg in "$@"; do
    case "$arg" in
      --purge) purge=1 ;;
      pg|kafka) what="$arg" ;;
      *) die "usage: infra.sh down [pg|kafka] [--purge]" ;;
    esac
  done
  [[ "$what" == pg ]] || kafka_down
  [[ "$what" == kafka ]] || pg_down
  if [[ -n "$purge" ]]; then
    say "purging the data of: $what"
    [[ "$what" == kafka ]] || rm -rf "$PG_DIR"
    [[ "$what" == pg ]] || rm -rf "$KAFKA_ROOT"  # every version's
  fi
}

cmd_status() {
  local pid rc=0
  if pg_running; then
    echo "postgres: running on 127.0.0.1:$PG_PORT (data $PG_DATA)"
  else
    echo "postgres: stopped"; rc=1
  fi
  if pid="$(kafka_pid)"; then
    local v
    v="$(kafka_running_version "$pid")"
    echo "kafka: running $v on 127.0.0.1:$KAFKA_PORT (pid $pid, data $(kafka_running_data "$pid"))"
  else
    echo "kafka: stopped (up would start $KAFKA_VERSION)"; rc=1
  fi
  return "$rc"
}

cmd_env() {
  cat <<EOF
export VEXTRUS_KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT
export VEXTRUS_PG_DSN=postgresql://vextrus_app@127.0.0.1:$PG_PORT/vextrus?sslmode=disable
export VEXTRUS_PG_OWNER_DSN=postgresql://vextrus_owner@127.0.0.1:$PG_PORT/vextrus?sslmode=disable
export VEXTRUS_TEST_PG_GRAFANA_DSN=postgresql://vextrus_grafana@127.0.0.1:$PG_PORT/vextrus?sslmode=disable
export VEXTRUS_TEST_PG_SUPER_DSN=postgresql://postgres@127.0.0.1:$PG_PORT/postgres?sslmode=disable
export VEXTRUS_TEST_PG_CA=$TLS_DIR/ca.crt
export VEXTRUS_TEST_KAFKA_SASL_BROKERS=127.0.0.1:$KAFKA_SASL_PORT
export VEXTRUS_TEST_KAFKA_SASL_PASSWORD_FILE=$SASL_PASSWORD_FILE
export VEXTRUS_TEST_KAFKA_VERSION=$(kafka_current_version)
EOF
}

case "${1:-}" in
  up) shift; cmd_up "$@" ;;
  down) shift; cmd_down "$@" ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *) echo "usage: $0 up [pg|kafka]|down [pg|kafka] [--purge]|status|env" >&2; exit 2 ;;
esac
