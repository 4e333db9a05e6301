#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make lint: checkpatch --strict on every C source and header, sparse (C=2)
# over the whole build (judged as the W=1 gates judge theirs), kernel-doc
# -Wall on every C source and header with a kernel-doc comment.  The one
# documented exception: the WDK-named headers (include/*.h: wdm.h,
# ntddk.h, ntintsafe.h, guiddef.h...; include/wdm/) carry Microsoft's
# CamelCase names, typedefs and annotation macros, so checkpatch's naming and macro-shape checks are
# off there; so are they in ported Windows driver code, a file that says
# "wdmdma-lint: windows-source" (the edu sample's edu.c, edu.h,
# edu_ioctl.h), which keeps the names the driver has on Windows.  The WDK
# headers kernel-doc cannot read yet are listed in tools/lib.sh
# (KDOC_UNREADABLE, with why).
# Appends "ok NAME" / "not ok NAME" lines to the results file $1 (or prints).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
results=${1:-/dev/stdout}
. "$here/vm/env.sh"
. "$here/lib.sh"
"$here/vm/deps.sh"
kdir=$("$here/vm/build-kernel.sh") || exit 1
out=$root/build/lint
mkdir -p "$out"
cd "$root"
status=0

report() {	# NAME LOG: ok when LOG is empty
	if [ -s "$2" ]; then
		head -30 "$2" >&2
		echo "not ok lint: $1  (see ${2#"$root"/})" >>"$results"
		status=1
	else
		echo "ok lint: $1" >>"$results"
	fi
}

cp_opts=(--no-tree --strict --quiet --show-types --terse --max-line-length=100)
wdk_ignore=CAMELCASE,NEW_TYPEDEFS,SPACING,PREFER_KERNEL_TYPES,AVOID_EXTERNS,
wdk_ignore+=COMPLEX_MACRO,MACRO_ARG_REUSE,MACRO_ARG_PRECEDENCE,MULTISTATEMENT_MACRO_USE_DO_WHILE,
wdk_ignore+=TRAILING_SEMICOLON,FUNCTION_ARGUMENTS,BIT_MACRO,PREFER_DEFINED_ATTRIBUTE_MACRO,
wdk_ignore+=SINGLE_STATEMENT_DO_WHILE_MACRO,STORAGE_CLASS,MACRO_ARG_UNUSED,LINE_SPACING,
# ntintsafe.h's routines are made by macros that define functions
wdk_ignore+=MACRO_WITH_FLOW_CONTROL
: >"$out/checkpatch.log"
git ls-files -co --exclude-standard -- '*.c' '*.h' | while read -r f; do
	case "$f" in
	include/wdmdma/*)	# the binding: Linux style
		"$SRC_DIR/scripts/checkpatch.pl" "${cp_opts[@]}" -f "$f" ;;
	include/*.h | include/wdm/* | include/crt/*)	# <wdm.h>, <ntddk.h>, <string.h>...
		"$SRC_DIR/scripts/checkpatch.pl" "${cp_opts[@]}" --ignore "$wdk_ignore" -f "$f" ;;
	wdmdma/compat.h)	# the one place kernel versions are compared (a macro
		# may drop an argument a later kernel no longer takes)
		"$SRC_DIR/scripts/checkpatch.pl" "${cp_opts[@]}" \
			--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON,MACRO_ARG_UNUSED -f "$f" ;;
	wdmdma/trace.h)		# TRACE_EVENT's own layout, as every kernel trace header
		"$SRC_DIR/scripts/checkpatch.pl" "${cp_opts[@]}" \
			--ignore OPEN_ENDED_LINE,PARENTHESIS_ALIGNMENT -f "$f" ;;
	*)
		if grep -q 'wdmdma-lint: windows-source' "$f"; then
			"$SRC_DIR/scripts/checkpatch.pl" "${cp_opts[@]}" --ignore "$wdk_ignore" -f "$f"
		else
			"$SRC_DIR/scripts/checkpatch.pl" "${cp_opts[@]}" -f "$f"
		fi ;;
	esac
done >>"$out/checkpatch.log" 2>&1
# The WDK names themselves are the exception everywhere they are used: a
# CamelCase finding stands unless the identifier is declared in the WDK
# headers or in ported Windows code.
# shellcheck disable=SC2046
grep -ohE '\b[A-Za-z_][A-Za-z0-9_]*\b' include/*.h include/wdm/*.h include/crt/*.h \
	$(git grep -l 'wdmdma-lint: windows-source' -- '*.c' '*.h') |
	sort -u >"$out/wdk-names"
awk -v names="$out/wdk-names" '
	BEGIN { while ((getline n < names) > 0) wdk[n] = 1 }
	/CHECK:CAMELCASE: Avoid CamelCase: </ {
		id = $0; sub(/.*Avoid CamelCase: </, "", id); sub(/>.*/, "", id)
		if (id in wdk) next
	}
	/^total: [0-9]+ errors/ { next }
	{ print }' "$out/checkpatch.log" >"$out/checkpatch.findings"
report "checkpatch --strict" "$out/checkpatch.findings"

stage=$out/stage
stage_tree "$stage"
make -C "$kdir" M="$stage" C=2 -j"$(nproc)" modules >"$out/sparse.full" 2>&1
rc=$?
build_findings "$out/sparse.full" >"$out/sparse.log"
[ $rc -eq 0 ] || [ -s "$out/sparse.log" ] ||
	echo "make exited with status $rc (see ${out#"$root"/}/sparse.full)" >"$out/sparse.log"
report "sparse C=2" "$out/sparse.log"

git ls-files -co --exclude-standard -- '*.c' '*.h' | kdoc_select >"$out/kernel-doc.files"
# shellcheck disable=SC2046
kdoc_findings "$SRC_DIR/scripts/kernel-doc" $(cat "$out/kernel-doc.files") >"$out/kernel-doc.log"
report "kernel-doc" "$out/kernel-doc.log"

# The DMA core uses only the DMA API's own results: no CPU physical address
# stands for a device address (bus offsets, memory encryption, IOMMUs).  The
# one translation allowed is the DMA layer's own dma_to_phys().
dma_core=(wdmdma/adapter.c wdmdma/resource.c wdmdma/channel.c wdmdma/transfer.c
	  wdmdma/sgl.c wdmdma/common.c wdmdma/hal.c)
grep -nE 'sg_phys|page_to_phys|virt_to_phys|__pa\(|phys_to_virt' "${dma_core[@]}" |
	grep -v 'phys_to_virt(dma_to_phys(' >"$out/shortcuts.log"
report "DMA core: no physical address taken for a device address" "$out/shortcuts.log"
exit $status
