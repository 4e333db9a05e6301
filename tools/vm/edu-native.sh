#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the test VM in each platform configuration with the native edu driver
# (samples/edu/native, dma-mapping directly) loaded, run tools/vm/edu_workload
# against /dev/edu_native, print each configuration's workload line and the
# judge's verdict (workload result, insmod/rmmod, kernel log clean).
#   edu-native.sh [--configs "direct bounce iommu"] [--rounds N]
# Output under $WDMDMA_OUT/vm (build/vm by default).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/env.sh"

configs="direct bounce iommu"
rounds=200
while [ $# -gt 0 ]; do
	case "$1" in
	--configs) configs=$2; shift ;;
	--rounds) rounds=$2; shift ;;
	*) echo "edu-native.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done

"$here/deps.sh"
out=${WDMDMA_OUT:-$ROOT/build}
mkdir -p "$out/vm"
gcc -O2 -static -Wall -o "$out/vm/edu_workload" "$here/edu_workload.c"
echo edu_native >"$out/vm/edu-native.order"
cat >"$out/vm/edu-native.after" <<EOS
if edu_workload /dev/edu_native $rounds; then
	echo "WDMDMA-VM: result edu-native-workload ok"
else
	echo "WDMDMA-VM: result edu-native-workload fail"
fi
EOS

status=0
"$here/run.sh" --configs "$configs" --order "$out/vm/edu-native.order" \
	--after "$out/vm/edu-native.after" --bin "$out/vm/edu_workload" || status=$?
for c in $configs; do
	line=$(grep -ha 'edu-workload:' "$out/vm/$c.log" | tr -d '\r' | tail -1)
	echo "$c: ${line:-no workload line}"
	[ -n "$line" ] || status=1
done
exit $status
