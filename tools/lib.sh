# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# What the test tools share; sourced, not run: how a build log is judged
# (the W=1 gates of tools/matrix.sh, tools/vm/run.sh and lint's sparse
# step), how make check accounts for its steps, and which files kernel-doc
# reads.  tools/selftest.sh feeds each of them what it exists to catch.
# Safe under set -e.

WDMDMA_TOOLS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# A line of modpost's (the matrix's first pass leaves them to its second).
# shellcheck disable=SC2034
MODPOST_LINE='^(WARNING|ERROR): modpost: '

# build_findings LOG [IGNORE]: print the lines of kbuild log LOG that fail
# a W=1 gate, but those matching the extended regex IGNORE: the compiler's,
# the linker's and sparse's diagnostics (warning:, error:), modpost's
# (WARNING:, ERROR:; among them a symbol left undefined, which
# KBUILD_MODPOST_WARN turns into a warning, and an export without a
# version) and section mismatches.
build_findings() {
	if [ -n "${2:-}" ]; then
		grep -aiE 'warning:|error:|section mismatch' "$1" | grep -avE -- "$2"
	else
		grep -aiE 'warning:|error:|section mismatch' "$1"
	fi
	return 0
}

# build_clean STATUS LOG [IGNORE]: whether a kbuild run that exited with
# STATUS and wrote LOG passes a W=1 gate; when not, its findings (or the
# log's end, when make failed without one) go to stderr.
build_clean() {
	local findings

	findings=$(build_findings "$2" "${3:-}")
	if [ "$1" -eq 0 ] && [ -z "$findings" ]; then
		return 0
	fi
	if [ -n "$findings" ]; then
		head -20 <<<"$findings" >&2
	else
		tail -20 "$2" >&2
	fi
	return 1
}

# kunit_symvers OBJECT: Module.symvers lines exporting, from a stand-in
# module "kunit", KUnit's symbols that OBJECT leaves undefined.  With them
# (KBUILD_EXTRA_SYMBOLS) the suites link against a kernel without KUnit
# and modpost still reports every other undefined symbol.
kunit_symvers() {
	[ -f "$1" ] || return 1
	nm -u "$1" | awk '$2 ~ /^_*kunit_/ {
		printf "0x00000000\t%s\tkunit\tEXPORT_SYMBOL_GPL\t\n", $2 }'
}

# judge_results RESULTS: print every line of RESULTS and the count
# ("N passed, N failed"); fails when any failed.
judge_results() {
	python3 "$WDMDMA_TOOLS/vm/judge.py" --results "$1"
}

# run_step RESULTS NAME CMD...: run a step of make check that appends
# "ok ..." / "not ok ..." lines to RESULTS.  A step that exits non-zero
# without having recorded a failure, or that records nothing at all, gets a
# "not ok NAME" line: a step that dies early fails the run instead of
# vanishing from the count.  Returns the step's status (1 when it recorded
# nothing).
run_step() {
	local results=$1 name=$2 lines failed rc

	shift 2
	[ -f "$results" ] || : >"$results"
	lines=$(wc -l <"$results")
	failed=$(grep -c '^not ok ' "$results" || true)
	rc=0
	"$@" || rc=$?
	if [ $rc -ne 0 ] && [ "$(grep -c '^not ok ' "$results" || true)" -eq "$failed" ]; then
		echo "not ok $name: exited with status $rc without recording a failure" >>"$results"
	elif [ "$(wc -l <"$results")" -eq "$lines" ]; then
		echo "not ok $name: recorded no result" >>"$results"
		rc=1
	fi
	return $rc
}

# judged_step RESULTS NAME CMD...: run the last step of make check, which
# ends by printing judge.py's count over RESULTS and its own logs.  When CMD
# ends without that count (it died before judging), "not ok NAME" is
# recorded and RESULTS are judged alone, so the count still shows every
# earlier step and this failure.  Returns CMD's status, or 1.
judged_step() {
	local results=$1 name=$2 out rc

	shift 2
	out=$(mktemp)
	{
		rc=0
		"$@" || rc=$?
		echo $rc >"$out.rc"
	} | tee "$out"
	rc=$(cat "$out.rc")
	if ! tail -n 1 "$out" | grep -qE '^[0-9]+ passed, [0-9]+ failed'; then
		echo "not ok $name: exited with status $rc before judging" >>"$results"
		judge_results "$results" || true
		rc=1
	fi
	rm -f "$out" "$out.rc"
	return $rc
}

# Headers kernel-doc cannot read as they are: it takes the WDK's VOID for a
# return value to describe (irp.h), and a SAL annotation before a prototype
# (_IRQL_requires_max_(...)) for the function (mdl.h); irp.h and hal.h also
# leave some return values undescribed.  Off the list once they pass.
# shellcheck disable=SC2034
KDOC_UNREADABLE="include/wdm/hal.h include/wdm/irp.h include/wdm/mdl.h"

# kdoc_select: of the C files and headers named on stdin, those kernel-doc
# reads: every one with a kernel-doc comment ("/**"), whether it exports
# symbols or not, but the KDOC_UNREADABLE ones.
kdoc_select() {
	local f

	while read -r f; do
		case " $KDOC_UNREADABLE " in
		*" $f "*) continue ;;
		esac
		if grep -qE '^[[:space:]]*/\*\*([[:space:]]|$)' "$f"; then
			echo "$f"
		fi
	done
	return 0
}

# kdoc_findings KERNEL_DOC FILE...: what kernel-doc -Wall finds wrong in
# the FILEs' kernel-doc comments (nothing when they are sound).
kdoc_findings() {
	local kdoc=$1 out rc=0

	shift
	[ $# -gt 0 ] || return 0
	out=$("$kdoc" -none -Wall "$@" 2>&1) || rc=$?
	[ -z "$out" ] || echo "$out"
	[ $rc -eq 0 ] || [ -n "$out" ] || echo "kernel-doc exited with status $rc"
	return 0
}
