# SPDX-License-Identifier: GPL-2.0
# Shared paths for the test VM tools; sourced, not run.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE=${WDMDMA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wdmdma}
SRC_TARBALL=/usr/src/linux-source-6.12.tar.xz
FRAGMENT=$ROOT/tools/vm/guest.config

src_version() {
	dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || echo unknown
}

# The guest kernel tree for the current fragment and source version.
guest_key() {
	{ src_version; cat "$FRAGMENT"; } | sha256sum | cut -c1-12
}
SRC_DIR=$CACHE/src/linux-source-6.12
# Copy what Kbuild builds into $1, so builds for different kernels (or
# checkers) never mix objects in the source tree.
stage_tree() {
	rm -rf "$1"
	mkdir -p "$1/tools"
	(cd "$ROOT" && cp -a Kbuild include wdmdma kunit "$1/" && cp -a tools/bench tools/iodev "$1/tools/" &&
		{ [ ! -d samples ] || cp -a samples "$1/"; })
}

guest_dir() {
	echo "$CACHE/guest-$(guest_key)"
}
