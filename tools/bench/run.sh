#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: boot the benchmark kernel (tools/vm/bench.config: the guest
# kernel without its checkers, built and cached once) in each platform
# configuration with wdmdma and wdmdma_bench, then print one table of the
# shim against native dma-mapping, write build/bench/results.json and draw
# build/bench/*.png (tools/bench/report.py).
#
#   WDMDMA_CONFIGS   configurations (default: direct bounce iommu highmem)
#   WDMDMA_BENCH_ARGS  module parameters for wdmdma_bench, e.g. "rounds=5"
#                    or "quick=1" (see modinfo)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${WDMDMA_OUT:-$root/build}/bench
configs=${WDMDMA_CONFIGS:-direct bounce iommu highmem}
"$here/deps.sh" || exit 1
mkdir -p "$out"
rm -f "$out"/*.png "$out/results.json" "$out"/vm/*.log
printf '%s\n' wdmdma "wdmdma_bench config=@PLATFORM@ ${WDMDMA_BENCH_ARGS:-}" >"$out/order"
start=$(date +%s)
WDMDMA_OUT=$out "$root/tools/vm/run.sh" --kernel bench --order "$out/order" \
	--configs "$configs" >"$out/run.txt" 2>&1
rc=$?
logs=()
for c in $configs; do
	logs+=("$out/vm/$c.log")
done
python3 "$here/report.py" --out "$out" "${logs[@]}" || rc=1
echo "bench: $(tail -1 "$out/run.txt") (guest checks, see ${out#"$root"/}/run.txt); $(($(date +%s) - start))s"
exit $rc
