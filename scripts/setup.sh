#!/usr/bin/env bash
# Prepare this machine to build, run and test berth. Idempotent: a second run on a ready machine
# only checks and rebuilds.
#
#   scripts/setup.sh [--with-test-tools]
#
# - checks Node.js >= 20 (installs Debian's nodejs only when there is no node at all);
# - installs missing Debian packages: docker.io, busybox-static (and awscli, dnsutils with --with-test-tools);
# - makes sure a Docker engine answers `docker info`, starting dockerd in the background if needed
#   (an engine that already answers, or one named by DOCKER_HOST, is used as it is);
# - runs `npm ci` when node_modules is missing or older than package-lock.json, then `npm run build`.
#
# Environment: BERTH_DOCKERD_TIMEOUT (seconds to wait for dockerd, default 60),
#              BERTH_STATE_DIR (where logs go; default /var/log as root, else $HOME/.berth).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

with_test_tools=0
for arg in "$@"; do
  case "$arg" in
    --with-test-tools) with_test_tools=1 ;;
    -h|--help)
      sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
      exit 0 ;;
    *) echo "[setup] unknown option: $arg (try --help)" >&2; exit 2 ;;
  esac
done

say() { echo "[setup] $*"; }
die() { echo "[setup] error: $*" >&2; exit 1; }

if [ "$(id -u)" -eq 0 ]; then
  state_dir="${BERTH_STATE_DIR:-/var/log}"
  dockerd_log="$state_dir/berth-dockerd.log"
else
  state_dir="${BERTH_STATE_DIR:-$HOME/.berth}"
  dockerd_log="$state_dir/dockerd.log"
fi
mkdir -p "$state_dir"
setup_log="$state_dir/berth-setup.log"

# Run a command as root: directly when we are root, through sudo when it exists.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root for: $* (run as root, or install sudo)"
  fi
}

# Run a noisy command with its output appended to $setup_log; on failure show that output's tail
# and stop.
quietly() {
  local what="$1"; shift
  local out status=0
  out="$(mktemp)"
  "$@" >"$out" 2>&1 || status=$?
  { echo "=== $(date -u +%FT%TZ) $* (exit $status)"; cat "$out"; } >>"$setup_log"
  if [ "$status" -ne 0 ]; then
    echo "[setup] error: $what failed (exit $status); last lines of its output (all of it in $setup_log):" >&2
    tail -n 40 "$out" >&2
    rm -f "$out"
    exit 1
  fi
  rm -f "$out"
}

# --- Debian packages -------------------------------------------------------------------------

pkg_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

apt_updated=0
apt_install() {
  command -v apt-get >/dev/null 2>&1 ||
    die "missing packages ($*) and no apt-get here: install them yourself"
  if [ "$apt_updated" -eq 0 ]; then
    say "apt-get update"
    quietly "apt-get update" as_root env DEBIAN_FRONTEND=noninteractive \
      apt-get -q -o DPkg::Lock::Timeout=600 update
    apt_updated=1
  fi
  say "installing Debian packages: $*"
  quietly "apt-get install $*" as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=600 "$@"
}

# --- Node.js ---------------------------------------------------------------------------------

if ! command -v node >/dev/null 2>&1; then
  say "node not found: installing Debian's nodejs and npm"
  apt_install nodejs npm
fi
node_version="$(node --version 2>/dev/null || true)"
node_major="${node_version#v}"; node_major="${node_major%%.*}"
if ! [[ "$node_major" =~ ^[0-9]+$ ]] || [ "$node_major" -lt 20 ]; then
  die "berth needs Node.js >= 20, found ${node_version:-none} at $(command -v node).
        Install Node.js 20 or newer (e.g. from nodejs.org or NodeSource) and run this again."
fi
command -v npm >/dev/null 2>&1 || die "node $node_version is here but npm is not: install npm"
say "node $node_version, npm $(npm --version)"

# --- Docker engine, busybox, test tools --------------------------------------------------------

docker_answers() { docker info >/dev/null 2>&1; }

want=()
if command -v dpkg-query >/dev/null 2>&1; then
  # An engine that already answers (or a remote one via DOCKER_HOST) needs no local docker.io.
  if ! command -v docker >/dev/null 2>&1 || { ! docker_answers && ! command -v dockerd >/dev/null 2>&1 \
       && [ ! -x /usr/sbin/dockerd ]; }; then
    pkg_installed docker.io || want+=(docker.io)
  fi
  pkg_installed busybox-static || want+=(busybox-static)
  if [ "$with_test_tools" -eq 1 ]; then
    pkg_installed awscli || want+=(awscli)
    pkg_installed dnsutils || want+=(dnsutils) # dig, for the DNS server's tests
  fi
else
  command -v docker >/dev/null 2>&1 || die "docker not found and this is not Debian: install Docker"
fi
if [ "${#want[@]}" -gt 0 ]; then
  apt_install "${want[@]}"
else
  say "Debian packages present"
fi

if docker_answers; then
  say "docker engine answers (${DOCKER_HOST:-local socket})"
else
  if [ -n "${DOCKER_HOST:-}" ] && [ "$DOCKER_HOST" != "unix:///var/run/docker.sock" ]; then
    die "DOCKER_HOST=$DOCKER_HOST does not answer 'docker info'; start that engine, or unset DOCKER_HOST"
  fi
  err="$(docker info 2>&1 >/dev/null || true)"
  if [[ "$err" == *"permission denied"* ]]; then
    die "the docker engine runs but $(id -un) may not use it: add yourself to the 'docker' group
        (sudo usermod -aG docker $(id -un), then log in again) or run as root"
  fi
  dockerd_bin="$(command -v dockerd || echo /usr/sbin/dockerd)"
  [ -x "$dockerd_bin" ] || die "dockerd not found: install Debian's docker.io"
  # A live (not zombie) dockerd that is still starting up: wait for it rather than start another.
  dockerd_pid="$(ps -C dockerd -o pid=,stat= 2>/dev/null | awk '$2 !~ /^Z/ {print $1; exit}' || true)"
  if [ -n "$dockerd_pid" ]; then
    say "dockerd (pid $dockerd_pid) is running but not answering yet: waiting for it"
  else
    say "starting dockerd (log: $dockerd_log)"
    # setsid: its own session, so that Ctrl-C on a foreground berth server does not stop it.
    # A background job is not a process-group leader, so setsid execs in place: $! is dockerd.
    dockerd_pid="$(as_root sh -c 'setsid "$1" >>"$2" 2>&1 </dev/null & echo $!' sh \
      "$dockerd_bin" "$dockerd_log")"
  fi
  pid_alive() { local st; st="$(ps -o stat= -p "$1" 2>/dev/null)" && [ -n "$st" ] && [[ "$st" != Z* ]]; }
  timeout="${BERTH_DOCKERD_TIMEOUT:-60}"
  deadline=$(( $(date +%s) + timeout ))
  until docker_answers; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "[setup] error: docker engine did not answer within ${timeout}s; last lines of $dockerd_log:" >&2
      as_root tail -n 30 "$dockerd_log" >&2 || true
      exit 1
    fi
    if ! pid_alive "$dockerd_pid"; then
      echo "[setup] error: dockerd (pid $dockerd_pid) exited; last lines of $dockerd_log:" >&2
      as_root tail -n 30 "$dockerd_log" >&2 || true
      exit 1
    fi
    sleep 0.3
  done
  say "docker engine up: $(docker version --format 'server {{.Server.Version}}' 2>/dev/null || echo ok)"
fi

# --- npm dependencies and build --------------------------------------------------------------

if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # better-sqlite3 may be compiled by node-gyp: it needs make, a C++ compiler and python3.
  tools=()
  command -v make >/dev/null 2>&1 || tools+=(make)
  command -v g++ >/dev/null 2>&1 || tools+=(g++)
  command -v python3 >/dev/null 2>&1 || tools+=(python3)
  if [ "${#tools[@]}" -gt 0 ]; then
    apt_install "${tools[@]}"
  fi
  say "npm ci"
  quietly "npm ci" npm ci --no-audit --no-fund
  touch node_modules/.package-lock.json
elif ! node -e "new (require('better-sqlite3'))(':memory:').close()" >/dev/null 2>&1; then
  # node_modules is current but the native module does not load (e.g. Node was upgraded).
  say "rebuilding better-sqlite3 for node $node_version"
  quietly "npm rebuild better-sqlite3" npm rebuild better-sqlite3
else
  say "node_modules up to date"
fi

say "npm run build"
quietly "npm run build" npm run build
say "ready"
