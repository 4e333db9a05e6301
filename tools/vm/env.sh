# SPDX-License-Identifier: GPL-2.0
# Shared paths for the test VM tools; sourced, not run.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE=${WDMDMA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wdmdma}
SRC_TARBALL=/usr/src/linux-source-6.12.tar.xz
FRAGMENT=$ROOT/tools/vm/guest.config
BENCH_FRAGMENT=$ROOT/tools/vm/bench.config
# Which guest kernel: "guest", the debug kernel the tests boot, or "bench",
# the same source and fragment with bench.config merged over it (no
# checkers), which only make bench boots.
WDMDMA_KERNEL=${WDMDMA_KERNEL:-guest}
case "$WDMDMA_KERNEL" in
guest | bench) ;;
*) echo "env.sh: WDMDMA_KERNEL must be guest or bench, not $WDMDMA_KERNEL" >&2; exit 2 ;;
esac

src_version() {
	dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || echo unknown
}

# The fragments of the selected kernel, in merge order.
fragments() {
	echo "$FRAGMENT"
	[ "$WDMDMA_KERNEL" != bench ] || echo "$BENCH_FRAGMENT"
}

# The selected kernel's tree for its fragments and the source version.
guest_key() {
	# shellcheck disable=SC2046
	{ src_version; cat $(fragments); } | sha256sum | cut -c1-12
}
SRC_DIR=$CACHE/src/linux-source-6.12
# Copy what Kbuild builds into $1, so builds for different kernels (or
# checkers) never mix objects in the source tree.
stage_tree() {
	rm -rf "$1"
	mkdir -p "$1/tools"
	(cd "$ROOT" && cp -a Kbuild include wdmdma dmac kunit "$1/" && cp -a tools/bench tools/iodev "$1/tools/" &&
		{ [ ! -d samples ] || cp -a samples "$1/"; })
}

guest_dir() {
	echo "$CACHE/$WDMDMA_KERNEL-$(guest_key)"
}
