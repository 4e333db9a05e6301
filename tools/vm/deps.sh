#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install what the build, the test VM and the checkers need from Debian's
# archive, and nothing that is already there.  Root runs apt-get directly,
# anyone else through sudo.
set -euo pipefail

pkgs=(linux-source-6.12 qemu-system-x86 busybox-static bc bison flex
      libelf-dev libssl-dev cpio xz-utils kmod sparse python3 gcc libc6-dev make
      perl linux-headers-amd64 linux-headers-6.12-amd64)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}"
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
