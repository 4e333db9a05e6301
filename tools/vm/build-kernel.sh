#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build (once) the small x86_64 6.12 guest kernel the tests boot: tinyconfig
# plus tools/vm/guest.config, cached outside the repository and rebuilt only
# when the fragment or the source package version changes.  Prints the
# build directory, which is also the KDIR modules are built against.
#   build-kernel.sh [--bench] [--dir]
# --bench (or WDMDMA_KERNEL=bench): the benchmark kernel instead, the same
# with tools/vm/bench.config merged last (no checkers), cached apart.
# With --dir, only prints where that directory is.
set -euo pipefail
dir_only=0
for arg in "$@"; do
	case "$arg" in
	--bench) export WDMDMA_KERNEL=bench ;;
	--dir) dir_only=1 ;;
	*) echo "build-kernel.sh: unknown argument $arg" >&2; exit 2 ;;
	esac
done
. "$(dirname "$0")/env.sh"

out=$(guest_dir)
if [ $dir_only -eq 1 ]; then
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

echo "guest: building the $WDMDMA_KERNEL kernel in $out (several minutes when cold)" >&2
rm -rf "$out"
mkdir -p "$out"
log=$out/build.log
mapfile -t frags < <(fragments)
{
	make -C "$SRC_DIR" O="$out" tinyconfig
	"$SRC_DIR/scripts/kconfig/merge_config.sh" -m -O "$out" \
		"$out/.config" "${frags[@]}"
	make -C "$SRC_DIR" O="$out" olddefconfig
} >"$log" 2>&1

# merge_config only warns when an option does not stick: insist on them,
# each with the value of the last fragment that sets it.
declare -A want=()
while IFS= read -r line; do
	case "$line" in CONFIG_*=*) ;; *) continue ;; esac
	want[${line%%=*}]=${line#*=}
done < <(cat "${frags[@]}")
bad=0
for opt in "${!want[@]}"; do
	val=${want[$opt]}
	if [ "$val" = n ]; then
		grep -q "^$opt=" "$out/.config" && { echo "guest: $opt still set" >&2; bad=1; }
	else
		grep -qx "$opt=$val" "$out/.config" || { echo "guest: $opt=$val did not stick" >&2; bad=1; }
	fi
done
[ $bad -eq 0 ] || exit 1

if ! make -C "$SRC_DIR" O="$out" -j"$(nproc)" bzImage modules >>"$log" 2>&1; then
	tail -40 "$log" >&2
	exit 1
fi
touch "$out/.wdmdma-built"
echo "$out"
