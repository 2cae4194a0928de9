#!/usr/bin/env bash
# Set the machine up (see scripts/setup.sh) and run the berth server in the foreground.
#   scripts/start.sh [server options...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
exec "$root/bin/berth" server "$@"
