#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: boot the test VM in every platform configuration with the edu
# device, load wdmdma and the ported WDM edu driver (samples/edu), run the
# write/read workload through /dev/edu_wdm with every byte checked, then the
# same workload through the native Linux driver (samples/edu/native) in the
# same boot, then remove the device with I/O in flight; in between, the VM
# suspends and resumes its devices under a running workload (pm_test), and
# the driver's power IRPs are listed in order.  Prints a table per
# configuration: transfers, bytes, errors, throughput, time per transfer,
# the WDM driver's throughput as a ratio of native, and the mapping the
# device was really given (from the driver's own statistics).
#   WDMDMA_DEMO_ROUNDS (default 50) round trips per driver;
#   WDMDMA_CONFIGS to pick configurations.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/env.sh"
out=${WDMDMA_OUT:-$ROOT/build}/demo
mkdir -p "$out/vm"
rounds=${WDMDMA_DEMO_ROUNDS:-50}

"$here/deps.sh" || exit 1
# shellcheck disable=SC2207
edu=($("$here/edu-prepare.sh" "$out/edu" "$rounds" 1)) || exit 1
echo wdmdma >"$out/order"
echo "demo: $rounds round trips per driver and configuration; each edu DMA takes" \
	"100 ms of the device's (virtual) time, so this takes a few minutes" >&2
WDMDMA_OUT=$out "$here/run.sh" --order "$out/order" "${edu[@]}" \
	--extra "edu_wdm edu_native" ${WDMDMA_CONFIGS:+--configs "$WDMDMA_CONFIGS"} \
	>"$out/run.txt" 2>&1
rc=$?

# field NAME LINE: the value of NAME=value in LINE
field() {
	sed -n "s|.* $1=\([^ ]*\).*|\1|p" <<<"$2"
}

printf '\n%-8s %-7s %9s %9s %6s %8s %12s %9s  %s\n' config driver transfers bytes \
	errors MB/s us/transfer "vs native" "mapping observed (device transfers)"
for c in ${WDMDMA_CONFIGS:-direct bounce iommu highmem}; do
	log=$out/vm/$c.log
	wdm=$(grep -a 'edu-workload: /dev/edu_wdm ' "$log" | tr -d '\r' | grep -v ended | head -1)
	nat=$(grep -a 'edu-workload: /dev/edu_native ' "$log" | tr -d '\r' | head -1)
	st=$(grep -a 'edu-stats: /dev/edu_wdm ' "$log" | tr -d '\r' | head -1)
	groups=$(grep -a 'WDMDMA-VM: iommu-groups' "$log" | tr -d '\r' | awk '{print $3}')
	ratio=-
	if [ -n "$wdm" ] && [ -n "$nat" ]; then
		ratio=$(awk -v a="$(field MB/s "$wdm")" -v b="$(field MB/s "$nat")" \
			'BEGIN { if (b > 0) printf "%.3fx", a / b; else print "-" }')
	fi
	mode=unknown
	if [ -n "$st" ]; then
		d=$(field device-transfers "$st")
		r=$(field remapped "$st")
		a=$(field above-limit "$st")
		if [ "$r" = 0 ]; then
			mode="direct: device address = RAM address ($d)"
		elif [ "${groups:-0}" -gt 0 ]; then
			mode="IOVA: $r of $d through the IOMMU"
		else
			mode="bounced: $r of $d ($a with RAM above 2^28)"
		fi
	fi
	for row in "wdm|$wdm" "native|$nat"; do
		name=${row%%|*} line=${row#*|}
		if [ -z "$line" ]; then
			printf '%-8s %-7s %s\n' "$c" "$name" "no workload line: see $log"
			continue
		fi
		printf '%-8s %-7s %9s %9s %6s %8s %12s %9s  %s\n' "$c" "$name" \
			"$(field transfers "$line")" "$(field bytes "$line")" \
			"$(field errors "$line")" "$(field MB/s "$line")" \
			"$(field us/transfer "$line")" "$([ "$name" = wdm ] && echo "$ratio" || echo 1.000x)" \
			"$([ "$name" = wdm ] && echo "$mode" || echo "dma_map_single")"
	done
	[ -z "$st" ] || echo "         wdm paths: $(field packet "$st") packet (MapTransfer)," \
		"$(field scatter-gather "$st") scatter/gather; $(field map-registers "$st") map" \
		"registers, $(field address-bits "$st")-bit device"
	# the suspend/resume under the workload: what the driver saw, in order
	sus=$(grep -a 'WDMDMA-VM: suspend: pm_test' "$log" | tr -d '\r' | sed 's/.*suspend: //')
	if [ -n "$sus" ]; then
		echo "         suspend/resume ($sus):"
		grep -a 'WDMDMA-VM: suspend-driver ' "$log" | tr -d '\r' |
			sed 's/.*edu: power: /           /'
		pm=$(grep -a 'WDMDMA-VM: suspend-workload ' "$log" | tr -d '\r' | head -1)
		[ -z "$pm" ] || echo "         workload across it: $(field transfers "$pm") transfers," \
			"$(field errors "$pm") errors, $(field seconds "$pm") s"
	fi
done
echo
grep -E '^(not ok|ok) .*(edu|removal|unbind|node-gone|suspend)' "$out/run.txt" | sed 's/^/  /'
tail -1 "$out/run.txt"
exit $rc
