#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: the whole test suite.  Installs what is missing, builds the
# guest kernel once, runs the harness's self-tests, the compile matrix and
# lint, then boots every platform configuration of the test VM: the KUnit
# suites, then the ported edu driver's workload (every byte checked), the
# native driver's, and the removal of the device with I/O in flight.  Every
# step is a test, and a step that dies without recording a failure counts
# as a failed one (tools/lib.sh: run_step, judged_step); the last line is
# "N passed, N failed" and the exit status is non-zero on any failure.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
. "$here/lib.sh"
start=$(date +%s)

"$here/vm/deps.sh" || exit 1
"$here/vm/build-kernel.sh" >/dev/null || exit 1
mkdir -p "$root/build/vm"
results=$root/build/vm/results
: >"$results"
fail=0
run_step "$results" selftest "$here/selftest.sh" "$results" || fail=1
run_step "$results" matrix "$here/matrix.sh" "$results" || fail=1
run_step "$results" lint "$here/lint.sh" "$results" || fail=1
# shellcheck disable=SC2207
if edu=($("$here/vm/edu-prepare.sh" "$root/build/vm/edu" "${WDMDMA_EDU_ROUNDS:-20}" 1)); then
	judged_step "$results" vm "$here/vm/run.sh" --results "$results" \
		${WDMDMA_CONFIGS:+--configs "$WDMDMA_CONFIGS"} \
		"${edu[@]}" --extra "edu_wdm edu_native wdmdma_iodev_test wdmdma_bench dmatest" || fail=1
else
	echo "not ok vm: tools/vm/edu-prepare.sh failed" >>"$results"
	judge_results "$results"
	fail=1
fi
echo "check: $(($(date +%s) - start))s" >&2
exit $fail
