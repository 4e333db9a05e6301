#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Compile matrix: the module, the KUnit suites and every sample, with W=1
# and no compiler or modpost warning (tools/lib.sh, build_findings), against
# Debian's packaged headers for 6.1 and 6.12 (the newest of each installed).
# Debian's kernels have no KUnit, so the suites are compiled there with
# CONFIG_KUNIT forced on, in two passes: the first compiles, with
# KBUILD_MODPOST_WARN so the suites link without KUnit's symbols; the second
# reruns modpost with those exported by a stand-in (kunit_symvers), so that
# any other symbol left undefined, in any module, fails it.
# Appends "ok NAME" / "not ok NAME" lines to the results file $1 (or prints).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/tools/vm/env.sh"
. "$root/tools/lib.sh"
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
	kmake=(make -C "$kdir" M="$stage" W=1 CONFIG_KUNIT=y KCFLAGS=-DCONFIG_KUNIT=1
	       -j"$(nproc)" modules)
	symvers=$out/$ver.kunit.symvers
	ok=1
	# pass 1: the compilation (modpost's verdict is pass 2's)
	"${kmake[@]}" KBUILD_MODPOST_WARN=1 >"$log" 2>&1
	build_clean $? "$log" "$MODPOST_LINE" || ok=0
	# pass 2: modpost again, with KUnit's symbols exported by a stand-in
	if kunit_symvers "$stage/kunit/wdmdma_test.ko" >"$symvers"; then
		"${kmake[@]}" KBUILD_EXTRA_SYMBOLS="$symvers" >"$log.modpost" 2>&1
		build_clean $? "$log.modpost" || ok=0
	else
		ok=0
	fi
	if [ $ok -eq 1 ]; then
		echo "ok matrix: $ver W=1" >>"$results"
	else
		echo "not ok matrix: $ver W=1  (see build/matrix/$ver.log, $ver.log.modpost)" \
			>>"$results"
		status=1
	fi
done
exit $status
