#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Pack a busybox initramfs: tools/vm/init.sh as /init, the given .ko files
# under /modules, and /modules/order (one "module args..." line each, in
# load order; @PLATFORM@ in args becomes the platform configuration).
#   initramfs.sh OUT.cpio ORDERFILE KO...
set -euo pipefail
out=$1 order=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp"/{bin,proc,sys,dev,modules,tmp}
cp /bin/busybox "$tmp/bin/busybox"
for t in sh mount insmod rmmod cat echo grep sed sleep poweroff; do
	ln -s busybox "$tmp/bin/$t"
done
cp "$here/init.sh" "$tmp/init"
chmod +x "$tmp/init"
cp "$order" "$tmp/modules/order"
for ko in "$@"; do
	cp "$ko" "$tmp/modules/"
done
(cd "$tmp" && find . | cpio -o -H newc --quiet) >"$out"
