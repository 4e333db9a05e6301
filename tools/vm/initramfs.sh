#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Pack a busybox initramfs: tools/vm/init.sh as /init, the given .ko files
# under /modules, and /modules/order (one "module args..." line each, in
# load order; @PLATFORM@ in args becomes the platform configuration).
# Optionally a shell script as /modules/after (run by /init once the modules
# are loaded) and static binaries under /bin for it (--bin, repeatable).
#   initramfs.sh [--after SCRIPT] [--bin FILE]... OUT.cpio ORDERFILE KO...
set -euo pipefail
after=
bins=()
while [ $# -gt 0 ]; do
	case "$1" in
	--after) after=$2; shift 2 ;;
	--bin) bins+=("$2"); shift 2 ;;
	*) break ;;
	esac
done
out=$1 order=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp"/{bin,proc,sys,dev,modules,tmp}
cp /bin/busybox "$tmp/bin/busybox"
for t in sh mount insmod rmmod cat echo grep sed sleep poweroff ls kill dmesg; do
	ln -s busybox "$tmp/bin/$t"
done
cp "$here/init.sh" "$tmp/init"
chmod +x "$tmp/init"
cp "$order" "$tmp/modules/order"
[ -z "$after" ] || cp "$after" "$tmp/modules/after"
for b in ${bins[@]+"${bins[@]}"}; do
	cp "$b" "$tmp/bin/"
done
for ko in "$@"; do
	cp "$ko" "$tmp/modules/"
done
(cd "$tmp" && find . | cpio -o -H newc --quiet) >"$out"
