# SPDX-License-Identifier: GPL-2.0
# The edu workload in the guest: run by init.sh as /modules/after (after
# the modules in /modules/order are loaded), $1 the platform configuration.
# tools/vm/edu-prepare.sh puts "ROUNDS=n" and "REMOVAL=0|1" in front of it.
#
#  1. the WDM sample (edu_wdm.ko) drives the edu device: ROUNDS write/read
#     round trips through /dev/edu_wdm, every byte checked; its statistics,
#     which its WMI block (debugfs wdmdma/wmi) must repeat; two opens, each
#     with its own figures (per-open state in the FILE_OBJECT)
#  1b. power: while a workload runs on the WDM sample, the VM suspends and
#     resumes its devices (pm_test=devices: tasks frozen, every device
#     suspended, pm_test_delay=1 s, resumed; no real sleep): the suspend
#     must have happened, the driver must have seen S3, D3, then S0, D0 in
#     Windows' order (its "edu: power:" lines) with its registers restored,
#     and the workload must end with every transfer done and every byte
#     right (its result lines: edu-wdm-suspend-*)
#  2. verifier mode for the WDM sample's adapter (verifier_drivers=edu_wdm
#     before it is loaded again): the same workload, every mapping
#     double-buffered between guard areas, then the adapter's debugfs
#     stats and wdmdma-stat --json (judge.py: verifier=1, unverified=0, no
#     violation); then the sample's test hook (IOCTL_EDU_TEST_OVERRUN) has
#     the device DMA 64 bytes past a read's mapping: the read's own bytes
#     must be right, wdmdma must report the overrun at FlushAdapterBuffers
#     (its report line, the stats and wdmdma-stat --json after it, judged:
#     check.overrun=1) and the next
#     transfers must work.  Only ever with the verifier on: without it the
#     device would write into whatever follows the buffer.
#  3. the native driver (edu_native.ko), the same workload
#  4. with REMOVAL=1: the WDM sample again, eight workloads in flight on
#     separate eighths of the device buffer, two killed (a queued IRP of
#     theirs is cancelled), then the device unbound under the other six:
#     each must end with ENODEV/ECANCELED and no wrong byte, the node must
#     go and the module unload.
#     with the wdmdma trace events enabled (the events the edu driver's
#     calls fire must be in the trace buffer) and, while it is loaded,
#     wdmdma-stat --json (its JSON line checked by judge.py)
#  0. when wdmdma_iodev_test.ko is there (make check): iodev_check drives
#     its buffered and neither devices and every IOCTL method; when
#     wdmdma_bench.ko is there (make check): a short run of the benchmark
#     (quick=1), whose lines judge.py checks for form, never for timings;
#     when dmatest.ko is there (make check): dmatest against a channel of
#     the software DMA controller
# Reports "WDMDMA-VM: result NAME ok|fail" lines for the judge.
platform=$1
wdm=/dev/edu_wdm
native=/dev/edu_native

result() {
	if [ "$2" = 0 ]; then
		echo "WDMDMA-VM: result $1 ok"
	else
		echo "WDMDMA-VM: result $1 fail"
	fi
}

# The edu driver's WMI statistics block against edu_workload --stats
wmi_check() {
	wmi_want=$(echo "$1" | sed -n 's/.* requests=\([0-9]*\) bytes=\([0-9]*\) failed=\([0-9]*\).*/transfers=\1 bytes=\2 errors=\3/p')
	wmi_f=$(ls /sys/kernel/debug/wdmdma/wmi/*/5c6a4f10-9b2e-4d3a-8e71-2f0b6c9d1e47 2>/dev/null)
	[ -n "$wmi_f" ] || return 1
	cat "$wmi_f"
	# shellcheck disable=SC2046 # the bytes, one word each
	set -- $(sed -n 's/^  00[0-9a-f]*: //p' "$wmi_f")
	[ $# -eq 24 ] || return 1
	wmi_v="transfers=$((0x$8$7$6$5$4$3$2$1))"
	shift 8
	wmi_v="$wmi_v bytes=$((0x$8$7$6$5$4$3$2$1))"
	shift 8
	wmi_v="$wmi_v errors=$((0x$8$7$6$5$4$3$2$1))"
	echo "WDMDMA-VM: edu-wmi $wmi_v (statistics: $wmi_want)"
	[ -n "$wmi_want" ] && [ "$wmi_want" = "$wmi_v" ]
}

wait_node() {
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		[ -e "$1" ] && return 0
		sleep 1
	done
	return 1
}

echo "WDMDMA-VM: iommu-groups $(ls /sys/kernel/iommu_groups 2>/dev/null | grep -c .)"

# the I/O device's other buffer methods, when the test module is there
if [ -e /modules/wdmdma_iodev_test.ko ]; then
	insmod /modules/wdmdma_iodev_test.ko
	result insmod-wdmdma_iodev_test $?
	wait_node /dev/wdmdma_iot_neither
	iodev_check /dev/wdmdma_iot_buffered /dev/wdmdma_iot_neither
	result iodev-buffered-neither-methods $?
	rmmod wdmdma_iodev_test
	result rmmod-wdmdma_iodev_test $?
fi

# the kernel's own dmaengine test client against the software DMA
# controller (wdmdma_swdmac, loaded with the modules): memcpy on one of its
# channels, every byte verified by dmatest
if [ -e /modules/dmatest.ko ]; then
	chan=$(ls /sys/devices/platform/wdmdma-swdmac/dma 2>/dev/null | head -1)
	if [ -n "$chan" ] &&
		insmod /modules/dmatest.ko channel="$chan" iterations=200 timeout=5000 run=1; then
		cat /sys/module/dmatest/parameters/wait >/dev/null
		summary=$(dmesg | grep "dmatest: $chan-copy.*summary" | tail -1)
		echo "WDMDMA-VM: dmatest $summary"
		echo "$summary" | grep -q "summary 200 tests, 0 failures"
		result dmatest-swdmac $?
		rmmod dmatest
	else
		echo "WDMDMA-VM: dmatest: no swdmac channel (${chan:-none}) or insmod failed"
		result dmatest-swdmac 1
	fi
fi

# the benchmark module, short: it runs in insmod and fails it on an error
if [ -e /modules/wdmdma_bench.ko ]; then
	echo "WDMDMA-VM: bench quick"
	insmod /modules/wdmdma_bench.ko quick=1 config="$platform"
	result bench-quick-run $?
	rmmod wdmdma_bench 2>/dev/null
fi

# the wdmdma trace events, on for the first edu_wdm load
tr=/sys/kernel/tracing
[ -d $tr/events ] || mount -t tracefs tracefs $tr 2>/dev/null
if [ -w $tr/events/wdmdma/enable ]; then
	echo >$tr/trace
	echo 1 >$tr/events/wdmdma/enable
	result trace-wdmdma-events-enabled $?
else
	result trace-wdmdma-events-enabled 1
fi

insmod /modules/edu_wdm.ko
result insmod-edu_wdm $?
wait_node $wdm
edu_workload $wdm "$ROUNDS"
result edu-wdm-workload $?
# the sample asks for MSI as its INF would (MSISupported): the edu device's
# interrupt must be its MSI message, with wdmdma's handler on it, and fired
edu_msi=1
for d in /sys/bus/pci/devices/*; do
	[ "$(cat "$d/vendor")" = 0x1234 ] && [ "$(cat "$d/device")" = 0x11e8 ] || continue
	set -- $(ls "$d/msi_irqs" 2>/dev/null)
	[ -n "$1" ] || continue
	line=$(grep "^ *$1:" /proc/interrupts)
	echo "WDMDMA-VM: edu interrupt $line"
	set -- $line
	shift
	fired=0
	for n; do
		case $n in *[!0-9]*) break ;; esac
		fired=$((fired + n))
	done
	case "$line" in *MSI*wdmdma*) [ "$fired" -gt 0 ] && edu_msi=0 ;; esac
done
result edu-wdm-interrupt-message-signalled $edu_msi
stats=$(edu_workload --stats $wdm)
result edu-wdm-statistics $?
echo "$stats"
# the driver's WMI block, queried as WMI does (debugfs sends the driver
# IRP_MN_QUERY_ALL_DATA): its transfers, bytes and errors (three 64-bit
# little-endian counts) must be the statistics' requests, bytes, failed
wmi_check "$stats"
result edu-wdm-wmi-block $?
# per-open state: two opens of the node, each with its own figures
edu_workload --handles $wdm
result edu-wdm-per-open-state $?
# wdmdma-stat against the live adapter; judge.py checks the JSON
if command -v wdmdma-stat >/dev/null; then
	json=$(wdmdma-stat --json)
	result wdmdma-stat-json-runs $?
	echo "WDMDMA-VM: wdmdma-stat $json"
	wdmdma-stat
	result wdmdma-stat-table-runs $?
fi
# what debugfs shows of it, for the log
for f in /sys/kernel/debug/wdmdma/*/*/description /sys/kernel/debug/wdmdma/*/*/state \
	/sys/kernel/debug/wdmdma/drivers; do
	[ -r "$f" ] && echo "== $f" && cat "$f"
done
# Power: suspend and resume the devices under a running workload.
# "mem" when the kernel offers it (QEMU q35 has ACPI S3), else "freeze".
suspend_under_workload() {
	local state=freeze seen pid rc tokens want="S3-query S3-set D3 S3-done S0-set D0 S0-done"
	if [ ! -w /sys/power/pm_test ]; then
		echo "WDMDMA-VM: suspend: no /sys/power/pm_test"
		result edu-wdm-suspend-happened 1
		return
	fi
	grep -qw mem /sys/power/state && state=mem
	seen=$(dmesg | grep -c 'edu: power:')
	entries=$(dmesg | grep -c 'PM: suspend exit')
	edu_workload $wdm 25 >/tmp/edu-pm.out 2>&1 &
	pid=$!
	sleep 1
	echo devices >/sys/power/pm_test
	echo 1 >/sys/module/suspend/parameters/pm_test_delay
	echo "WDMDMA-VM: suspend: pm_test=devices, $state, under the edu workload"
	echo $state >/sys/power/state
	rc=$?
	echo none >/sys/power/pm_test
	wait $pid
	result edu-wdm-suspend-workload $?
	sed 's/^/WDMDMA-VM: suspend-workload /' /tmp/edu-pm.out
	grep -q 'transfers=50 .*errors=0' /tmp/edu-pm.out
	result edu-wdm-suspend-workload-all-transfers $?
	[ $rc = 0 ] && [ "$(dmesg | grep -c 'PM: suspend exit')" -gt "$entries" ]
	result edu-wdm-suspend-happened $?
	dmesg | grep 'edu: power:' | tail -n +$((seen + 1)) |
		sed 's/^\[[ 0-9.]*\] //; s/^/WDMDMA-VM: suspend-driver /'
	tokens=$(dmesg | grep 'edu: power:' | tail -n +$((seen + 1)) | sed -n \
		-e 's/.*edu: power: system S\([0-9]\) (\([a-z]*\)).*/S\1-\2/p' \
		-e 's/.*edu: power: device D\([0-9]\):.*/D\1/p' \
		-e 's/.*edu: power: system S\([0-9]\) done.*/S\1-done/p' | tr '\n' ' ')
	echo "WDMDMA-VM: suspend: driver saw: $tokens"
	[ "${tokens% }" = "$want" ]
	result edu-wdm-suspend-s3-d3-s0-d0-in-order $?
	dmesg | grep 'edu: power:' | tail -n +$((seen + 1)) | grep -q 'device D0: registers restored'
	result edu-wdm-suspend-registers-restored $?
	dmesg | grep 'edu: power:' | tail -n +$((seen + 1)) | grep -q 'status 00000000'
	result edu-wdm-suspend-irps-succeeded $?
}
suspend_under_workload

if [ "$platform" = highmem ]; then
	# the 28-bit device met RAM above its reach, and (no "EDU: clamping"
	# in the log, which the judge checks) every such transfer bounced
	above=$(echo "$stats" | sed -n 's/.* above-limit=\([0-9]*\).*/\1/p')
	[ "${above:-0}" -ge 1 ]
	result edu-wdm-ram-above-28-bits-bounced $?
fi
rmmod edu_wdm
result rmmod-edu_wdm $?

# the events the edu driver's calls fire, from IoGetDmaAdapter to PutDmaAdapter
if [ -w $tr/events/wdmdma/enable ]; then
	echo 0 >$tr/events/wdmdma/enable
	for ev in adapter_get channel_request routine_start routine_end map_transfer flush \
		free_map_registers sgl_get sgl_put irp_dispatch irp_complete adapter_put \
		power_irp; do
		n=$(grep -c " wdmdma_$ev: " $tr/trace)
		echo "WDMDMA-VM: trace wdmdma_$ev $n events"
		[ "$n" -ge 1 ]
		result trace-event-wdmdma_$ev $?
	done
	grep -m 3 ' wdmdma_map_transfer: ' $tr/trace
	grep -m 1 ' wdmdma_adapter_get: ' $tr/trace
	echo >$tr/trace
fi

# Verifier mode for the edu driver's adapter, named by its driver
vdrivers=/sys/module/wdmdma/parameters/verifier_drivers
echo edu_wdm >$vdrivers
result verifier-drivers-set $?
insmod /modules/edu_wdm.ko
result insmod-edu_wdm-verifier $?
wait_node $wdm
edu_workload $wdm "$ROUNDS"
result edu-wdm-verifier-workload $?
# the adapter's figures, one line per adapter (judge.py)
vstats() {
	for f in /sys/kernel/debug/wdmdma/*/*/stats; do
		[ -r "$f" ] && echo "WDMDMA-VM: verifier-stats $1 $(tr '\n' ' ' <"$f")"
	done
}
vstats clean
if command -v wdmdma-stat >/dev/null; then
	echo "WDMDMA-VM: wdmdma-stat-verifier $(wdmdma-stat --json)"
	wdmdma-stat
fi
# The test hook: the device's DMA runs 64 bytes past a read's mapping, into
# the guard area after it.  Every new overrun report goes to the judge.
seen=$(dmesg | grep -c 'check overrun 0x0F')
edu_workload --overrun 64 $wdm
result edu-wdm-overrun-read-intact $?
dmesg | grep 'check overrun 0x0F' | tail -n +$((seen + 1)) |
	sed 's/^\[[ 0-9.]*\] //; s/^/WDMDMA-VM: verifier-report /'
echo "WDMDMA-VM: verifier-edu $(edu_workload --stats $wdm)"
# the kernel survived: the next transfers work (and verify clean)
edu_workload $wdm 4
result edu-wdm-workload-after-overrun $?
vstats overrun
if command -v wdmdma-stat >/dev/null; then
	echo "WDMDMA-VM: wdmdma-stat-overrun $(wdmdma-stat --json)"
	wdmdma-stat
fi
rmmod edu_wdm
result rmmod-edu_wdm-verifier $?
echo >$vdrivers
result verifier-drivers-cleared $?

insmod /modules/edu_native.ko
result insmod-edu_native $?
wait_node $native
edu_workload $native "$ROUNDS"
result edu-native-workload $?
rmmod edu_native
result rmmod-edu_native $?

[ "$REMOVAL" = 1 ] || exit 0

insmod /modules/edu_wdm.ko
result insmod-edu_wdm-again $?
wait_node $wdm
pids=
for slot in 0 1 2 3 4 5; do
	edu_workload --until-gone --slot $slot $wdm &
	pids="$pids $!"
done
edu_workload --until-gone --slot 6 $wdm & c=$!
edu_workload --until-gone --slot 7 $wdm & d=$!
sleep 2
# One IRP is on the device at a time: at least one of these two processes
# has its IRP queued, and killing it cancels that IRP (IoCancelIrp).
kill -9 $c $d
wait $c
wait $d
stats=$(edu_workload --stats $wdm)
echo "$stats"
cancelled=$(echo "$stats" | sed -n 's/.* cancelled=\([0-9]*\).*/\1/p')
[ "${cancelled:-0}" -ge 1 ]
result edu-wdm-kill-cancels-queued-irp $?
sleep 1
dev=$(ls /sys/bus/pci/drivers/edu_wdm | grep '^0000:')
echo "WDMDMA-VM: unbinding $dev with I/O in flight"
echo "$dev" >/sys/bus/pci/drivers/edu_wdm/unbind
result edu-wdm-unbind $?
n=0
for pid in $pids; do
	n=$((n + 1))
	wait "$pid"
	result edu-wdm-removal-workload-$n $?
done
[ ! -e $wdm ]
result edu-wdm-node-gone $?
rmmod edu_wdm
result rmmod-edu_wdm-after-removal $?
