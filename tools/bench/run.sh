#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: boot each platform configuration with wdmdma and wdmdma_bench
# and print the benchmark's lines (ns per operation, WDM/native ratio).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${WDMDMA_OUT:-$root/build}/bench
mkdir -p "$out"
printf '%s\n' wdmdma "wdmdma_bench iterations=${WDMDMA_BENCH_ITERATIONS:-2000}" >"$out/order"
WDMDMA_OUT=$out "$root/tools/vm/run.sh" --order "$out/order" \
	${WDMDMA_CONFIGS:+--configs "$WDMDMA_CONFIGS"} >"$out/run.txt" 2>&1
rc=$?
for c in ${WDMDMA_CONFIGS:-direct bounce iommu}; do
	echo "== $c"
	grep -a 'wdmdma-bench:' "$out/vm/$c.log" | tr -d '\r' | sed 's/.*wdmdma-bench: /  /'
done
tail -1 "$out/run.txt"
exit $rc
