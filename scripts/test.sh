#!/usr/bin/env bash
# Set the machine up with the test tools (see scripts/setup.sh), then run the whole test suite.
#   scripts/test.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
"$root/scripts/setup.sh" --with-test-tools
# Debian's AWS CLI v2; a different `aws` (e.g. a v1 from pyenv) may come first on PATH.
export BERTH_AWS_CLI="${BERTH_AWS_CLI:-/usr/bin/aws}"
echo "[test] npm test"
status=0
npm test || status=$?
echo "[test] npm test exited with status $status"
exit "$status"
