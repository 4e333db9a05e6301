#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the modules against the guest kernel, pack them into an initramfs and
# boot the test VM once per platform configuration; judge the logs.
#
#   run.sh [--configs "direct bounce iommu highmem"] [--suite GLOB] [--no-judge]
#          [--order FILE] [--results FILE] [--after SCRIPT] [--bin FILE]...
#          [--extra "MODULE..."] [--kernel guest|bench]
#
# --after SCRIPT runs in the guest once the modules are loaded (see init.sh);
# --bin FILE adds a static binary to the guest's /bin for it; --extra puts
# more built modules (ours, or the guest kernel's own, such as dmatest) in
# the guest's /modules without loading them (the --after script does).  --kernel bench (or WDMDMA_KERNEL=bench) builds
# the modules against, and boots, the benchmark kernel (tools/vm/bench.config:
# no checkers) instead of the debug guest kernel; make bench uses it.
#
# direct: q35, no IOMMU, devices map to their physical addresses
# bounce: the same with swiotlb=force: every streaming mapping bounces
# iommu:  q35 + intel-iommu (strict): PCI devices get IOVAs
# highmem: q35 with 512 MiB, only 256 MiB of it below 4 GiB (machine option
#         max-ram-below-4g), the rest at 4 GiB.  RAM above 4 GiB is what
#         makes x86 set up swiotlb at all without swiotlb=force; its pool,
#         allocated from the top of memory below 4 GiB, lands below 2^28,
#         so pages beyond the edu device's 28-bit mask really bounce into
#         a slot it can reach (judge.py checks where the pool landed)
# Every boot has QEMU's edu device (the bus master the tests DMA through)
# and its pci-testdev (no driver binds it; its I/O BAR is the real port
# resource the wdmdma_port suite reads and writes) and an e1000e (no
# driver binds it either: its five MSI-X vectors are the several messages
# wdmdma_intr_ex connects; its network is a restricted user-mode one, so
# QEMU has no unconnected NIC to warn of).
# Every configuration but highmem has 256 MiB, all below 2^28 (the edu
# device's mask; QEMU clamps what lies beyond).
# Logs land in build/vm/<configuration>.log ($WDMDMA_OUT instead of build/
# when set, so several runs can go at once).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/env.sh"
. "$here/../lib.sh"

configs="direct bounce iommu highmem"
suite=
judge=1
order=
results=
extra=
ramfs_opts=()
while [ $# -gt 0 ]; do
	case "$1" in
	--configs) configs=$2; shift ;;
	--suite) suite=$2; shift ;;
	--no-judge) judge=0 ;;
	--order) order=$2; shift ;;
	--results) results=$2; shift ;;
	--after) ramfs_opts+=(--after "$2"); shift ;;
	--bin) ramfs_opts+=(--bin "$2"); shift ;;
	--extra) extra=$2; shift ;;
	--kernel) export WDMDMA_KERNEL=$2; shift ;;
	*) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done

"$here/deps.sh"
kdir=$("$here/build-kernel.sh")	# the one WDMDMA_KERNEL selects
out=${WDMDMA_OUT:-$ROOT/build}
mkdir -p "$out/vm"
[ -n "$results" ] || { results=$out/vm/results; : >"$results"; }

# Build in a copy so host-kernel builds in the tree do not mix with these.
stage=$out/guest
stage_tree "$stage"
make -C "$kdir" M="$stage" W=1 -j"$(nproc)" modules >"$out/vm/build.log" 2>&1 && rc=0 || rc=$?
if build_clean $rc "$out/vm/build.log"; then
	echo "ok build: modules against the guest kernel, W=1" >>"$results"
else
	echo "not ok build: modules against the guest kernel, W=1" >>"$results"
	[ $judge -eq 0 ] || python3 "$here/judge.py" --results "$results"
	exit 1
fi

if [ -z "$order" ]; then
	order=$out/vm/order
	printf '%s\n' "wdmdma" "wdmdma_swdmac" "wdmdma_i8237" "wdmdma_test platform=@PLATFORM@" \
		>"$order"
fi
kos=()
while read -r mod _; do
	[ -n "$mod" ] || continue
	ko=$(find "$stage" -name "$mod.ko" | head -1)
	[ -n "$ko" ] || { echo "run.sh: $mod.ko was not built" >&2; exit 1; }
	kos+=("$ko")
done <"$order"
for mod in $extra; do	# ours, or one of the guest kernel's own (dmatest)
	ko=$(find "$stage" "$kdir/drivers" -name "$mod.ko" | head -1)
	[ -n "$ko" ] || { echo "run.sh: $mod.ko was not built" >&2; exit 1; }
	kos+=("$ko")
done
"$here/initramfs.sh" ${ramfs_opts[@]+"${ramfs_opts[@]}"} "$out/vm/initramfs.cpio" "$order" "${kos[@]}"

logs=()
for c in $configs; do
	machine=q35
	mem=${WDMDMA_VM_MEM:-256M}
	qargs=()
	# no5lvl: TCG's CPU has LA57, and with 5-level paging an interrupt that
	# lands while start_kernel re-reads the boot CPU's features makes KASAN
	# take a direct-map address for a wild one (a false report, before any
	# module of ours is loaded).  4-level paging has no such window.
	append="console=ttyS0 panic=-1 oops=panic no5lvl wdmdma_vm.platform=$c"
	case "$c" in
	direct) ;;
	bounce) append+=" swiotlb=force" ;;
	iommu)
		machine=q35,kernel-irqchip=split
		qargs+=(-device intel-iommu,intremap=on)
		append+=" intel_iommu=on iommu.strict=1"
		;;
	highmem)
		# More RAM above 4 GiB than below makes QEMU warn (performance).
		machine=q35,max-ram-below-4g=256M
		mem=512M
		;;
	*) echo "run.sh: unknown configuration $c" >&2; exit 2 ;;
	esac
	[ -z "$suite" ] || append+=" kunit.filter_glob=$suite"
	log=$out/vm/$c.log
	# A floppy controller (isa-fdc: ports 0x3f0, IRQ 6, 8237 channel 2)
	# with a blank 1.44 MB disk for wdmdma_floppy; checked after the boot.
	img=$out/vm/$c-floppy.img
	rm -f "$img"
	truncate -s 1474560 "$img"
	qargs+=(-blockdev "driver=file,filename=$img,node-name=fd0"
		-device isa-fdc,id=fdc0 -device floppy,drive=fd0,bus=fdc0.0)
	# A Sound Blaster 16 (ports 0x220, IRQ 5, 8237 channels 1 and 5) on a
	# "none" audio backend, which takes samples in real time: the
	# auto-initialize DMA of wdmdma_sb16.
	qargs+=(-audiodev none,id=snd0 -device sb16,audiodev=snd0)
	echo "vm: booting $c" >&2
	start=$(date +%s)
	timeout --foreground "${WDMDMA_VM_TIMEOUT:-900}" \
		qemu-system-x86_64 -M "$machine" -cpu max -m "$mem" -smp 2 \
		-nographic -no-reboot -nic none -vga none "${qargs[@]}" \
		-device edu -device pci-testdev \
		-netdev user,id=wdmnet,restrict=on -device e1000e,netdev=wdmnet \
		-kernel "$kdir/arch/x86/boot/bzImage" \
		-initrd "$out/vm/initramfs.cpio" -append "$append" \
		</dev/null >"$log" 2>&1 || true
	echo "vm: $c took $(($(date +%s) - start))s" >&2
	python3 "$here/floppy_check.py" "$c" "$log" "$img" >>"$results"
	logs+=("$log")
done

[ $judge -eq 0 ] || exec python3 "$here/judge.py" --results "$results" "${logs[@]}"
