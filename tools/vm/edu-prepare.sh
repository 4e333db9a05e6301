#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Prepare the edu workload for a test VM run: build the static workload
# tool (and the I/O device checker, and wdmdma-stat), write the guest script
# (tools/vm/edu_guest.sh with its settings) and print the run.sh arguments
# that add them to the guest.
#   edu-prepare.sh OUTDIR ROUNDS REMOVAL(0|1)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$1 rounds=$2 removal=$3
mkdir -p "$out"
gcc -O2 -static -Wall -Wextra -I"$root/include" -I"$root/samples/edu" \
	-o "$out/edu_workload" "$here/edu_workload.c"
gcc -O2 -static -Wall -Wextra -I"$root/include" -I"$root/tools/iodev" \
	-o "$out/iodev_check" "$here/iodev_check.c"
gcc -O2 -static -Wall -Wextra -o "$out/wdmdma-stat" "$root/tools/wdmdma-stat/wdmdma-stat.c"
{
	echo "ROUNDS=$rounds"
	echo "REMOVAL=$removal"
	cat "$here/edu_guest.sh"
} >"$out/edu.after"
echo --after "$out/edu.after" --bin "$out/edu_workload" --bin "$out/iodev_check" \
	--bin "$out/wdmdma-stat"
