#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: boot the test VM in every platform configuration with wdmdma
# loaded, run its self-test (the smoke suite and an adapter doing real DMA
# through the edu device) and print what each configuration really did.
# (The ported edu driver's workload replaces the self-test once it exists.)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/env.sh"
out=${WDMDMA_OUT:-$ROOT/build}/demo
mkdir -p "$out"

WDMDMA_OUT=$out "$here/run.sh" --suite 'wdmdma_smoke*' >"$out/run.txt" 2>&1
rc=$?

printf '\n%-8s %-8s %-22s %-22s %s\n' config result "buffer (phys)" "edu device address" mode
for c in direct bounce iommu highmem; do
	log=$out/vm/$c.log
	# highmem: the case that maps a page above the edu device's 28 bits
	case=smoke_map_edu
	[ "$c" != highmem ] || case=smoke_highmem_edu
	line=$(grep -a "$case: .*phys" "$log" 2>/dev/null | tr -d '\r' | tail -1)
	phys=$(echo "$line" | sed -n 's/.*phys \(0x[0-9a-f]*\).*/\1/p')
	dev=$(echo "$line" | sed -n 's/.*device address \(0x[0-9a-f]*\).*/\1/p')
	mode=unknown
	if [ -n "$phys" ] && [ -n "$dev" ]; then
		if [ "$phys" = "$dev" ]; then
			mode=direct
		elif [ "$c" = iommu ]; then
			mode=IOVA
		else
			mode=bounced
		fi
	fi
	fails=$(grep -c "^not ok.* $c: " "$out/run.txt")
	printf '%-8s %-8s %-22s %-22s %s\n' "$c" "$([ "$fails" = 0 ] && echo ok || echo FAIL)" \
		"${phys:--}" "${dev:--}" "$mode"
done
echo
tail -1 "$out/run.txt"
exit $rc
