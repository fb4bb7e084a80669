#!/usr/bin/env bash
# Runs a local MinIO for humans and the demo (tests start their own).
#
#   scripts/minio.sh start [--port 9000]   start in the background, wait for health
#   scripts/minio.sh stop                  stop it
#   scripts/minio.sh status                say whether it runs (exit 3 when not)
#
# start and status print `export` lines on stdout, so this works:
#   eval "$(scripts/minio.sh start)"
#
# Environment:
#   S3FLOOD_TOOLS          tools dir (default ~/.cache/s3flood/tools); minio in its bin/
#   S3FLOOD_MINIO_DATA     data dir (default $S3FLOOD_TOOLS/minio-data); pid and log beside it
#   S3FLOOD_MINIO_USER     access key (default minioadmin)
#   S3FLOOD_MINIO_PASSWORD secret key (default minioadmin)
#   S3FLOOD_MINIO_REGION   region (default us-east-1)
set -euo pipefail

TOOLS="${S3FLOOD_TOOLS:-$HOME/.cache/s3flood/tools}"
DATA="${S3FLOOD_MINIO_DATA:-$TOOLS/minio-data}"
DATA="${DATA%/}"
PID_FILE="$DATA.pid"
LOG_FILE="$DATA.log"
USER_KEY="${S3FLOOD_MINIO_USER:-minioadmin}"
SECRET_KEY="${S3FLOOD_MINIO_PASSWORD:-minioadmin}"
REGION="${S3FLOOD_MINIO_REGION:-us-east-1}"

say() { printf 'minio: %s\n' "$*" >&2; }
fail() {
  printf 'minio: %s\n' "$1" >&2
  [ $# -gt 1 ] && printf '  what to do: %s\n' "$2" >&2
  exit 1
}
usage() {
  echo "usage: scripts/minio.sh start|stop|status [--port N] (see the header of $0)" >&2
  exit 2
}

find_minio() {
  if [ -x "$TOOLS/bin/minio" ]; then echo "$TOOLS/bin/minio"; return; fi
  command -v minio 2>/dev/null ||
    fail "no minio binary in $TOOLS/bin or on PATH" "run: bash scripts/setup.sh"
}

# Prints "PID PORT" of the running server, or fails quietly.
running() {
  [ -f "$PID_FILE" ] || return 1
  local pid port
  read -r pid port <"$PID_FILE" || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [ -r "/proc/$pid/cmdline" ] && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q minio; then
    return 1
  fi
  echo "$pid $port"
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

healthy() { curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$1/minio/health/live" 2>/dev/null; }

print_env() {
  local endpoint="http://127.0.0.1:$1"
  cat <<EOF
export AWS_ACCESS_KEY_ID=$USER_KEY
export AWS_SECRET_ACCESS_KEY=$SECRET_KEY
export AWS_REGION=$REGION
export AWS_ENDPOINT_URL=$endpoint
export S3FLOOD_TEST_ENDPOINT=$endpoint
export S3FLOOD_TEST_ACCESS_KEY=$USER_KEY
export S3FLOOD_TEST_SECRET_KEY=$SECRET_KEY
export S3FLOOD_TEST_REGION=$REGION
EOF
}

wait_healthy() {
  local pid=$1 port=$2 i
  for i in $(seq 1 300); do
    healthy "$port" && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      fail "MinIO exited while starting; last lines of $LOG_FILE:
$(tail -n 20 "$LOG_FILE")"
    fi
    sleep 0.1
  done
  fail "MinIO not healthy at 127.0.0.1:$port after 30 s; log: $LOG_FILE" "scripts/minio.sh stop, then check the log"
}

cmd_start() {
  local port=$1 state
  if state=$(running); then
    say "already running at http://127.0.0.1:${state#* } (pid ${state%% *})"
    print_env "${state#* }"
    return 0
  fi
  port_busy "$port" && fail "port $port on 127.0.0.1 is in use by another process" "pass --port with a free port"
  local bin
  bin=$(find_minio)
  mkdir -p "$DATA"
  say "starting $bin on 127.0.0.1:$port (data $DATA, log $LOG_FILE)"
  # setsid: a new session, so closing the terminal does not stop it.
  local detach=()
  command -v setsid >/dev/null && detach=(setsid)
  MINIO_ROOT_USER="$USER_KEY" MINIO_ROOT_PASSWORD="$SECRET_KEY" MINIO_SITE_REGION="$REGION" \
    MINIO_UPDATE=off MINIO_CI_CD=on \
    "${detach[@]}" "$bin" server "$DATA" --address "127.0.0.1:$port" \
    --console-address "127.0.0.1:$((port + 1))" --quiet >>"$LOG_FILE" 2>&1 </dev/null &
  local pid=$!
  echo "$pid $port" >"$PID_FILE"
  wait_healthy "$pid" "$port"
  say "running at http://127.0.0.1:$port (pid $pid, console http://127.0.0.1:$((port + 1)))"
  print_env "$port"
}

cmd_stop() {
  local state pid i
  if ! state=$(running); then
    say "not running"
    rm -f "$PID_FILE"
    return 0
  fi
  pid=${state%% *}
  kill -TERM "$pid"
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  rm -f "$PID_FILE"
  say "stopped (pid $pid); data kept in $DATA"
}

cmd_status() {
  local state
  if ! state=$(running); then
    say "not running"
    exit 3
  fi
  if healthy "${state#* }"; then
    say "running at http://127.0.0.1:${state#* } (pid ${state%% *})"
  else
    say "process ${state%% *} runs but http://127.0.0.1:${state#* } is not healthy; log: $LOG_FILE"
  fi
  print_env "${state#* }"
}

[ $# -ge 1 ] || usage
action=$1
shift
port=9000
while [ $# -gt 0 ]; do
  case "$1" in
    --port)
      [ $# -ge 2 ] || usage
      port=$2
      shift 2
      ;;
    --port=*)
      port=${1#--port=}
      shift
      ;;
    -h | --help) usage ;;
    *) fail "unknown argument '$1' (allowed: --port N)" ;;
  esac
done
[[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65534 ] ||
  fail "--port must be a number from 1 to 65534, got '$port'"

case "$action" in
  start) cmd_start "$port" ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) usage ;;
esac
