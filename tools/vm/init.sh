#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /init of the test guest: load the modules listed in /modules/order with
# their arguments, let the KUnit suites run, run /modules/after if there is
# one (a workload; it reports with "WDMDMA-VM: result NAME ok|fail" lines,
# and gets the platform configuration as $1), unload the modules, then
# report the kernel's own checkers and power off.  Every line for the host
# starts with "WDMDMA-VM:".
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug

platform=unknown
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	wdmdma_vm.platform=*) platform=${arg#*=} ;;
	esac
done
dbg=/sys/kernel/debug
[ -w $dbg/kmemleak ] && echo clear >$dbg/kmemleak
echo "WDMDMA-VM: begin platform=$platform"

loaded=
while read -r mod args; do
	[ -n "$mod" ] || continue
	args=$(echo "$args" | sed "s/@PLATFORM@/$platform/g")
	echo "WDMDMA-VM: insmod $mod"
	if insmod /modules/$mod.ko $args; then
		echo "WDMDMA-VM: result insmod-$mod ok"
		loaded="$mod $loaded"
	else
		echo "WDMDMA-VM: result insmod-$mod fail"
	fi
done </modules/order

if [ -r /modules/after ]; then
	echo "WDMDMA-VM: after"
	sh /modules/after "$platform" 2>&1
fi

for mod in $loaded; do
	if rmmod "$mod"; then
		echo "WDMDMA-VM: result rmmod-$mod ok"
	else
		echo "WDMDMA-VM: result rmmod-$mod fail"
	fi
done

if [ -r $dbg/dma-api/error_count ]; then
	echo "WDMDMA-VM: dma-api-errors $(cat $dbg/dma-api/error_count)"
fi
if [ -w $dbg/kmemleak ]; then
	# kmemleak ignores objects younger than 5 seconds.
	sleep 6
	echo scan >$dbg/kmemleak
	echo scan >$dbg/kmemleak
	leaks=$(grep -c '^unreferenced object' $dbg/kmemleak)
	echo "WDMDMA-VM: kmemleak-leaks $leaks"
	[ "$leaks" = 0 ] || cat $dbg/kmemleak
fi
echo "WDMDMA-VM: end"
poweroff -f
