# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# What the test tools share; sourced, not run: how a build log is judged
# (the W=1 gates of tools/matrix.sh, tools/vm/run.sh and lint's sparse
# step).  tools/selftest.sh feeds it what it exists to catch.
# Safe under set -e.

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
