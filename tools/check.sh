#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: the whole test suite.  Installs what is missing, builds the
# guest kernel once, runs the compile matrix and lint, then boots every
# platform configuration of the test VM.  Every step is a test; the last
# line is "N passed, N failed" and the exit status is non-zero on any
# failure.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
start=$(date +%s)

"$here/vm/deps.sh" || exit 1
"$here/vm/build-kernel.sh" >/dev/null || exit 1
mkdir -p "$root/build/vm"
results=$root/build/vm/results
: >"$results"
"$here/matrix.sh" "$results"
"$here/lint.sh" "$results"
"$here/vm/run.sh" --results "$results" ${WDMDMA_CONFIGS:+--configs "$WDMDMA_CONFIGS"}
rc=$?
echo "check: $(($(date +%s) - start))s" >&2
exit $rc
