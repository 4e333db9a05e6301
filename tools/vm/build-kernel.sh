#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build (once) the small x86_64 6.12 guest kernel the tests boot: tinyconfig
# plus tools/vm/guest.config, cached outside the repository and rebuilt only
# when the fragment or the source package version changes.  Prints the
# build directory, which is also the KDIR modules are built against.
# With --dir, only prints where that directory is.
set -euo pipefail
. "$(dirname "$0")/env.sh"

out=$(guest_dir)
if [ "${1:-}" = --dir ]; then
	echo "$out"
	exit 0
fi
if [ -f "$out/.wdmdma-built" ]; then
	echo "$out"
	exit 0
fi

mkdir -p "$CACHE/src"
ver=$(src_version)
if [ "$(cat "$SRC_DIR/.wdmdma-version" 2>/dev/null)" != "$ver" ]; then
	echo "guest: unpacking linux-source-6.12 $ver" >&2
	rm -rf "$SRC_DIR" "$SRC_DIR.tmp"
	mkdir -p "$SRC_DIR.tmp"
	tar -xJf "$SRC_TARBALL" -C "$SRC_DIR.tmp" --strip-components=1
	echo "$ver" >"$SRC_DIR.tmp/.wdmdma-version"
	mv "$SRC_DIR.tmp" "$SRC_DIR"
fi

echo "guest: building kernel in $out (several minutes when cold)" >&2
rm -rf "$out"
mkdir -p "$out"
log=$out/build.log
{
	make -C "$SRC_DIR" O="$out" tinyconfig
	"$SRC_DIR/scripts/kconfig/merge_config.sh" -m -O "$out" \
		"$out/.config" "$FRAGMENT"
	make -C "$SRC_DIR" O="$out" olddefconfig
} >"$log" 2>&1

# merge_config only warns when an option does not stick: insist on them.
bad=0
while IFS= read -r line; do
	case "$line" in CONFIG_*=*) ;; *) continue ;; esac
	opt=${line%%=*}
	val=${line#*=}
	if [ "$val" = n ]; then
		grep -q "^$opt=" "$out/.config" && { echo "guest: $opt still set" >&2; bad=1; }
	else
		grep -qx "$opt=$val" "$out/.config" || { echo "guest: $opt=$val did not stick" >&2; bad=1; }
	fi
done <"$FRAGMENT"
[ $bad -eq 0 ] || exit 1

if ! make -C "$SRC_DIR" O="$out" -j"$(nproc)" bzImage modules >>"$log" 2>&1; then
	tail -40 "$log" >&2
	exit 1
fi
touch "$out/.wdmdma-built"
echo "$out"
