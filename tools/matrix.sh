#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Compile matrix: the module, the KUnit suites and every sample, with W=1
# and no compiler warning, against Debian's packaged headers for 6.1 and
# 6.12 (the newest of each installed).  Debian's kernels have no KUnit, so
# the suites are compiled there with CONFIG_KUNIT forced on (modpost may
# then warn of the kernel's missing KUnit symbols; that is expected).
# Appends "ok NAME" / "not ok NAME" lines to the results file $1 (or prints).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/tools/vm/env.sh"
results=${1:-/dev/stdout}
out=$root/build/matrix
status=0

newest() {
	ls -d $1 2>/dev/null | sort -V | tail -1
}

for kdir in "$(newest '/usr/src/linux-headers-6.1.0-*-amd64')" \
	    "$(newest '/usr/src/linux-headers-6.12.*+deb12-amd64')"; do
	if [ -z "$kdir" ] || [ ! -f "$kdir/Makefile" ]; then
		echo "not ok matrix: missing Debian headers (run tools/vm/deps.sh)" >>"$results"
		status=1
		continue
	fi
	ver=${kdir#/usr/src/linux-headers-}
	stage=$out/$ver
	stage_tree "$stage"
	log=$out/$ver.log
	if make -C "$kdir" M="$stage" W=1 CONFIG_KUNIT=y KCFLAGS=-DCONFIG_KUNIT=1 \
		KBUILD_MODPOST_WARN=1 \
		-j"$(nproc)" modules >"$log" 2>&1 && ! grep -q 'warning:' "$log"; then
		echo "ok matrix: $ver W=1" >>"$results"
	else
		grep -E 'warning:|error:' "$log" | head -20 >&2
		echo "not ok matrix: $ver W=1  (see build/matrix/$ver.log)" >>"$results"
		status=1
	fi
done
exit $status
