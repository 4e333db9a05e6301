#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What make bench needs beyond tools/vm/deps.sh: gnuplot (without X) for
# the plots.  Only make bench runs this; make check does not need it.
set -euo pipefail
"$(dirname "$0")/../vm/deps.sh"
dpkg-query -W -f='${Status}' gnuplot-nox 2>/dev/null | grep -q 'install ok installed' && exit 0
echo "bench deps: installing gnuplot-nox"
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null
$sudo apt-get install -y -q --no-install-recommends gnuplot-nox >/dev/null
