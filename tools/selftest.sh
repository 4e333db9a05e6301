#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make selftest (and the first step of make check): the harness's own tests.
# Each gate's shared code in tools/lib.sh is fed what it exists to catch,
# and a clean counterpart it must let through:
#   - the W=1 build-log filter (tools/matrix.sh, tools/vm/run.sh, lint's
#     sparse step): modpost's undefined symbols and section mismatches as
#     well as compiler warnings and errors;
#   - make check's step accounting (tools/check.sh): a step that dies
#     without recording a failure still fails the run;
#   - lint's kernel-doc step (tools/lint.sh): a file with a kernel-doc
#     comment is read whether it exports symbols or not, and a broken
#     comment is flagged;
#   - the judge of the benchmark's short run (tools/vm/judge.py with
#     tools/bench/benchlog.py): a run that stopped, a value that is not
#     positive, a missing measurement or round, and mappings that missed
#     the IOMMU fail; a sound run passes.
# Needs no guest kernel; kernel-doc comes from the unpacked kernel source.
# Appends "ok NAME" / "not ok NAME" lines to the results file $1 (or prints).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/vm/env.sh"
. "$here/lib.sh"
results=${1:-/dev/stdout}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

# check NAME CMD...: the test NAME passes when CMD succeeds.
check() {
	local name=$1

	shift
	if "$@"; then
		echo "ok selftest: $name" >>"$results"
	else
		echo "not ok selftest: $name" >>"$results"
		status=1
	fi
}

flagged() {	# LOG [IGNORE]: the build filter finds something
	[ -n "$(build_findings "$@")" ]
}

passed() {	# LOG [IGNORE]: the build filter finds nothing
	[ -z "$(build_findings "$@")" ]
}

# The build-log filter.  A clean W=1 build, as kbuild logs one.
cat >"$tmp/clean.log" <<'EOF'
make: Entering directory '/usr/src/linux-headers-6.12.117+deb12-amd64'
  CC [M]  /w/build/guest/wdmdma/main.o
  CC [M]  /w/build/guest/wdmdma/devqueue.o
  LD [M]  /w/build/guest/wdmdma/wdmdma.o
  MODPOST /w/build/guest/Module.symvers
  CC [M]  /w/build/guest/wdmdma/wdmdma.mod.o
  LD [M]  /w/build/guest/wdmdma/wdmdma.ko
make: Leaving directory '/usr/src/linux-headers-6.12.117+deb12-amd64'
EOF
# with_line NAME LINE: the clean log with LINE among its lines, as $tmp/NAME.log
with_line() {
	{ head -5 "$tmp/clean.log"; echo "$2"; tail -n +6 "$tmp/clean.log"; } >"$tmp/$1.log"
}
with_line undefined 'WARNING: modpost: "wdmdma_gone" [/w/build/guest/samples/edu/edu_wdm.ko] undefined!'
with_line mismatch 'WARNING: modpost: /w/build/guest/wdmdma/wdmdma.o: section mismatch in reference: wdmdma_probe+0x1c (section: .text) -> wdmdma_setup (section: .init.text)'
with_line unversioned 'WARNING: modpost: EXPORT symbol "IoCancelIrp" [/w/build/guest/wdmdma/wdmdma.ko] version generation failed, symbol will not be versioned.'
with_line modpost-error 'ERROR: modpost: "wdmdma_gone" [/w/build/guest/samples/edu/edu_wdm.ko] undefined!'
with_line cc-warning "/w/build/guest/wdmdma/ke.c:12:5: warning: no previous prototype for 'wdmdma_x' [-Wmissing-prototypes]"
with_line cc-error "/w/build/guest/wdmdma/ke.c:12:5: error: 'y' undeclared (first use in this function)"
with_line sparse "/w/build/lint/stage/wdmdma/ke.c:40:9: warning: context imbalance in 'wdmdma_x' - wrong count at exit"

check "build filter: a clean W=1 log passes" passed "$tmp/clean.log"
check "build filter: modpost's undefined symbol (WARNING:) is flagged" flagged "$tmp/undefined.log"
check "build filter: modpost's section mismatch is flagged" flagged "$tmp/mismatch.log"
check "build filter: modpost's unversioned export is flagged" flagged "$tmp/unversioned.log"
check "build filter: modpost's ERROR: is flagged" flagged "$tmp/modpost-error.log"
check "build filter: a compiler warning is flagged" flagged "$tmp/cc-warning.log"
check "build filter: a compiler error is flagged" flagged "$tmp/cc-error.log"
check "build filter: a sparse warning is flagged" flagged "$tmp/sparse.log"
check "build filter: flags the undefined symbol's own line" \
	grep -q '"wdmdma_gone".*undefined!' <(build_findings "$tmp/undefined.log")
check "build gate: a failed make with a clean log fails" \
	eval '! build_clean 2 "$tmp/clean.log" 2>/dev/null'
check "build gate: a successful make with a clean log passes" build_clean 0 "$tmp/clean.log"
check "build gate: a successful make with modpost's undefined symbol fails" \
	eval '! build_clean 0 "$tmp/undefined.log" 2>/dev/null'

# The matrix: pass 1 leaves modpost to pass 2, never the compiler.
check "matrix pass 1: leaves modpost's lines to pass 2" passed "$tmp/undefined.log" "$MODPOST_LINE"
check "matrix pass 1: still flags a compiler warning" flagged "$tmp/cc-warning.log" "$MODPOST_LINE"
check "matrix pass 1: still flags a compiler error" flagged "$tmp/cc-error.log" "$MODPOST_LINE"
# Pass 2: KUnit's symbols, and only those, get a stand-in export.
cat >"$tmp/suite.c" <<'EOF'
extern void kunit_do_work(void);
extern void __kunit_abort(void);
extern void wdmdma_gone(void);

void suite(void)
{
	kunit_do_work();
	__kunit_abort();
	wdmdma_gone();
}
EOF
if gcc -c -o "$tmp/suite.o" "$tmp/suite.c" && kunit_symvers "$tmp/suite.o" >"$tmp/kunit.symvers"; then
	check "matrix pass 2: KUnit's undefined symbols get a stand-in export" \
		eval '[ "$(cut -f2,3 "$tmp/kunit.symvers" | LC_ALL=C sort | tr "\t\n" ": ")" = \
			"__kunit_abort:kunit kunit_do_work:kunit " ]'
else
	check "matrix pass 2: KUnit's undefined symbols get a stand-in export" false
fi

# make check's accounting: what a step records, and what it does not.
step() {	# EXIT LINE...: a step appending LINEs to $results_file, exiting EXIT
	local rc=$1

	shift
	[ $# -eq 0 ] || printf '%s\n' "$@" >>"$results_file"
	return "$rc"
}
results_file=$tmp/results
: >"$results_file"
run_step "$results_file" fake step 1 >/dev/null 2>&1
rc=$?
check "check.sh accounting: a step exiting 1 without a result fails" [ $rc -ne 0 ]
check "check.sh accounting: ... and is recorded as one failed test" \
	eval '[ "$(cat "$results_file")" = "not ok fake: exited with status 1 without recording a failure" ]'
check "check.sh accounting: ... which the count shows failed" \
	eval 'out=$(judge_results "$results_file"); [ $? -ne 0 ] &&
		[ "$(tail -1 <<<"$out")" = "0 passed, 1 failed" ]'

: >"$results_file"
run_step "$results_file" fake step 1 "ok fake: half" >/dev/null 2>&1
rc=$?
check "check.sh accounting: a step exiting 1 after a pass only fails" \
	eval '[ $rc -ne 0 ] && grep -q "^not ok fake: exited with status 1" "$results_file"'
: >"$results_file"
run_step "$results_file" fake step 0 >/dev/null 2>&1
rc=$?
check "check.sh accounting: a step recording nothing fails" \
	eval '[ $rc -ne 0 ] && grep -q "^not ok fake: recorded no result" "$results_file"'
: >"$results_file"
run_step "$results_file" fake step 1 "not ok fake: broke" >/dev/null 2>&1
rc=$?
check "check.sh accounting: a failure the step recorded is not counted twice" \
	eval '[ $rc -ne 0 ] && [ "$(wc -l <"$results_file")" -eq 1 ]'
: >"$results_file"
run_step "$results_file" fake step 0 "ok fake: a" "ok fake: b" >/dev/null 2>&1
rc=$?
check "check.sh accounting: a step that passes adds nothing" \
	eval '[ $rc -eq 0 ] && [ "$(wc -l <"$results_file")" -eq 2 ]'

# The VM step ends with judge.py's count; one that dies before it still counts.
echo "ok earlier step" >"$results_file"
judged_step "$results_file" vm step 1 >"$tmp/judged.out" 2>&1
rc=$?
check "check.sh accounting: a VM step dying before the count fails" \
	eval '[ $rc -ne 0 ] && tail -1 "$tmp/judged.out" | grep -qx "1 passed, 1 failed"'
echo "ok earlier step" >"$results_file"
judged_step "$results_file" vm eval 'echo "7 passed, 0 failed"' >"$tmp/judged.out" 2>&1
rc=$?
check "check.sh accounting: a VM step that counts passes" \
	eval '[ $rc -eq 0 ] && [ "$(wc -l <"$results_file")" -eq 1 ]'

# lint's kernel-doc step.
mkdir -p "$tmp/kdoc"
cat >"$tmp/kdoc/good.c" <<'EOF'
// SPDX-License-Identifier: GPL-2.0
/**
 * wdmdma_selftest_add() - add two numbers
 * @a: the first
 * @b: the second
 *
 * Return: their sum.
 */
static int wdmdma_selftest_add(int a, int b)
{
	return a + b;
}
EOF
cat >"$tmp/kdoc/broken.c" <<'EOF'
// SPDX-License-Identifier: GPL-2.0
/**
 * wdmdma_selftest_sum() - add two numbers
 * @a: the first
 *
 * Return: their sum.
 */
static int wdmdma_selftest_add(int a, int b)
{
	return a + b;
}
EOF
printf '%s\n' '// SPDX-License-Identifier: GPL-2.0' '/* not kernel-doc */' \
	'static int x;' >"$tmp/kdoc/plain.c"
printf '%s\n' "$tmp/kdoc/good.c" "$tmp/kdoc/plain.c" "$tmp/kdoc/broken.c" |
	kdoc_select >"$tmp/kdoc/selected"
check "kernel-doc: a file that exports nothing is read" grep -qx "$tmp/kdoc/good.c" "$tmp/kdoc/selected"
check "kernel-doc: a file without kernel-doc comments is not" \
	eval '! grep -q plain.c "$tmp/kdoc/selected"'
kdoc=$SRC_DIR/scripts/kernel-doc
if [ -x "$kdoc" ]; then
	check "kernel-doc: a broken kernel-doc comment is flagged" \
		eval '[ -n "$(kdoc_findings "$kdoc" "$tmp/kdoc/broken.c")" ]'
	check "kernel-doc: a sound one is not" \
		eval '[ -z "$(kdoc_findings "$kdoc" "$tmp/kdoc/good.c")" ]'
else
	check "kernel-doc: a broken kernel-doc comment is flagged  (no $kdoc: run tools/vm/build-kernel.sh)" false
fi

# The judge of wdmdma_bench's short run in make check: form, not timings.
bench_log() {	# CONFIG IOMMU LA_IS_PHYS: a sound run's console log on stdout
	local m

	echo "WDMDMA-VM: begin platform=$1"
	echo "WDMDMA-VM: bench quick"
	echo "wdmdma-bench: {\"config\":\"$1\",\"begin\":true,\"iommu\":\"$2\",\"rounds\":2}"
	echo "wdmdma-bench: {\"config\":\"$1\",\"adapter\":\"sg28\",\"la_is_phys\":$3}"
	for m in map_transfer get_sgl build_sgl map_transfer_page channel_cycle \
		dispatch_p50 dispatch_p99 scaling map_transfer_verifier map_transfer_verifier_vs_off \
		get_sgl_verifier get_sgl_verifier_vs_off; do
		echo "wdmdma-bench: {\"config\":\"$1\",\"m\":\"$m\",\"adapter\":\"sg28\",\"pages\":1,\"shim_ns\":[900.5,1000],\"native_ns\":[300,310.2]}"
	done
	for p in map_transfer_page map_page get_sgl map_sg channel_cycle; do
		echo "wdmdma-bench: {\"config\":\"$1\",\"profile\":\"$p\",\"adapter\":\"sg28\",\"samples\":40,\"other\":2,\"top\":[[\"wdmdma_map_transfer [wdmdma]\",30],[\"rcu_jiffies_till_stall_check\",10]]}"
	done
	echo "wdmdma-bench: {\"config\":\"$1\",\"done\":true}"
	echo "WDMDMA-VM: result bench-quick-run ok"
	echo "WDMDMA-VM: end"
}
bench_judged() {	# NAME: judge.py passes $tmp/bench/NAME/*.log
	python3 "$here/vm/judge.py" "$tmp/bench/$1"/*.log >/dev/null
}
for t in good stopped zero short missing noverifier noprofile nosamples iommu-good iommu-missed; do
	mkdir -p "$tmp/bench/$t"
done
bench_log direct none true >"$tmp/bench/good/direct.log"
grep -v '"done"' "$tmp/bench/good/direct.log" >"$tmp/bench/stopped/direct.log"
sed '0,/900.5/s//0/' "$tmp/bench/good/direct.log" >"$tmp/bench/zero/direct.log"
sed '0,/\[300,310.2\]/s//[300]/' "$tmp/bench/good/direct.log" >"$tmp/bench/short/direct.log"
grep -v '"m":"scaling"' "$tmp/bench/good/direct.log" >"$tmp/bench/missing/direct.log"
grep -v '"m":"get_sgl_verifier_vs_off"' "$tmp/bench/good/direct.log" \
	>"$tmp/bench/noverifier/direct.log"
grep -v '"profile":"get_sgl"' "$tmp/bench/good/direct.log" >"$tmp/bench/noprofile/direct.log"
sed 's/"samples":40/"samples":0/; s/"top":\[\[.*\]\]/"top":[]/' "$tmp/bench/good/direct.log" >"$tmp/bench/nosamples/direct.log"
bench_log iommu translated false >"$tmp/bench/iommu-good/iommu.log"
bench_log iommu translated true >"$tmp/bench/iommu-missed/iommu.log"
check "bench judge: a sound short run passes" bench_judged good
check "bench judge: a run without its done line fails" eval '! bench_judged stopped'
check "bench judge: a value that is not positive fails" eval '! bench_judged zero'
check "bench judge: a result missing a round fails" eval '! bench_judged short'
check "bench judge: a missing measurement fails" eval '! bench_judged missing'
check "bench judge: a missing verifier-mode measurement fails" eval '! bench_judged noverifier'
check "bench judge: a missing profile fails" eval '! bench_judged noprofile'
check "bench judge: profiles without any sample fail" eval '! bench_judged nosamples'
check "bench judge: IOVAs on iommu pass" bench_judged iommu-good
check "bench judge: RAM addresses on iommu fail" eval '! bench_judged iommu-missed'
exit $status
