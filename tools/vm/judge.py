#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge test-VM console logs and build results; print one line per test
and close with "N passed, N failed, N skipped".  Exit 1 on any failure.

  judge.py [--results FILE]... LOG...

A LOG is the serial console of one boot, named <configuration>.log.  In it:
every KUnit case (KTAP, with plans checked so a truncated run fails), every
insmod/rmmod the guest's /init reports, and one "kernel log" test that fails
on any WARN, BUG, oops, lockdep, KASAN, kmemleak or DMA-API-debug report, or
when the guest did not reach the end of /init.  In highmem.log also one
"swiotlb pool below 2^28" test: that configuration exists to bounce for
the edu device's 28-bit mask, which a pool above 2^28 cannot serve.
When the boot ran wdmdma_bench (a "WDMDMA-VM: bench" line, or its own
"wdmdma-bench: {...}" lines), the run's form is judged too
(tools/bench/benchlog.py: began and ended, every measurement with positive
values and sane ratios, mappings through the IOMMU on iommu); never its
timings.
When the guest ran wdmdma-stat against the edu driver's live adapter (a
"WDMDMA-VM: wdmdma-stat {...}" line), its JSON is parsed and checked: one
adapter, 28 bits, the configuration's mapping mode, transfers and bytes
counted, bounced bytes exactly where the configuration bounces, nothing
held while idle, no misuse.
When the guest ran the edu workload in verifier mode ("WDMDMA-VM:
verifier-stats ..." lines, tools/vm/edu_guest.sh), its figures are
checked: the adapter verified, every mapping double-buffered
(unverified=0), no violation; then the sample's test hook had the device
DMA 64 bytes past a read's mapping: wdmdma must have reported exactly that
overrun (check overrun 0x0F, the adapter, the byte count and offsets, at
FlushAdapterBuffers, called from the driver's DPC) and counted it, and
nothing else; wdmdma-stat --json must carry the verifier figures
(verifier, unverified, check.<name>) before and after.
A results FILE holds lines
"ok NAME" / "not ok NAME" / "skip NAME" from host-side steps.
"""
import json
import os
import re
import sys

sys.dont_write_bytecode = True   # nothing written into the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'bench'))
import benchlog  # noqa: E402

KTAP_RESULT = re.compile(r'^( *)(not ok|ok) (\d+) (.*?)(?: # (SKIP|TODO)\b(.*))?$')
KTAP_PLAN = re.compile(r'^( *)1\.\.(\d+)$')
KTAP_SUBTEST = re.compile(r'^( *)# Subtest: (.*)$')
STAMP = re.compile(r'^\[\s*\d+\.\d+\] ')
BAD = re.compile(
    r'WARNING:|BUG:|kernel BUG|Oops|Kernel panic|general protection fault|'
    r'KASAN|UBSAN|^INFO: |possible (recursive|circular) locking|'
    r'inconsistent lock state|soft lockup|hung_task|rcu_.*stall|'
    r'EDU: clamping|Call Trace:|unreferenced object|Freezing of tasks failed|'
    r'Freezing remaining freezable tasks failed|PM: Some devices failed to suspend|'
    r'PM: Device .* failed to (suspend|resume)')
SWIOTLB_POOL = re.compile(r'software IO TLB: mapped \[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\]')
EDU_LIMIT = 1 << 28
# debugfs stats lines joined: key=value words
STATS_WORD = re.compile(r'(\S+?)=(\S*)')
# The report of the edu device's 64 bytes past a 1000-byte read's mapping
OVERRUN_REPORT = re.compile(
    r'^wdmdma: adapter (\d+) \((\S+)\): FlushAdapterBuffers: overrun: the device wrote '
    r'64 bytes past the mapped range, from byte 0 to byte 63 after its end '
    r'\(MDL \S+, va \S+, 1000 bytes, device to memory\) '
    r'\[check overrun 0x0F; caller EduDpc\+0x[0-9a-f]+/0x[0-9a-f]+ \[edu_wdm\]\]$')


class Report:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0

    def add(self, status, name, why=''):
        if status == 'ok':
            self.passed += 1
        elif status == 'skip':
            self.skipped += 1
        else:
            self.failed += 1
        print(f'{status:6} {name}' + (f'  ({why})' if why else ''))


def clean(line):
    return STAMP.sub('', line.replace('\r', '').rstrip('\n'))


def parse_ktap(lines, prefix, rep):
    """Cases are the results two levels down (suite -> case); plans at
    every level must be met."""
    plans = {}      # indent -> planned count of the current document level
    seen = {}       # indent -> results seen at that level
    suite = None
    for line in lines:
        m = KTAP_SUBTEST.match(line)
        if m and len(m.group(1)) == 4:
            suite = m.group(2)
            continue
        m = KTAP_PLAN.match(line)
        if m:
            ind = len(m.group(1))
            plans[ind] = int(m.group(2))
            seen[ind] = 0
            continue
        m = KTAP_RESULT.match(line)
        if not m:
            continue
        ind = len(m.group(1))
        seen[ind] = seen.get(ind, 0) + 1
        name = m.group(4)
        if ind == 4:
            status = 'ok' if m.group(2) == 'ok' else 'not ok'
            if m.group(5) == 'SKIP':
                status = 'skip'
            rep.add(status, f'{prefix}{suite}.{name}',
                    (m.group(6) or '').strip() if status == 'skip' else '')
        elif ind == 0:
            want = plans.get(4)
            if want is None or seen.get(4, 0) != want:
                rep.add('not ok', f'{prefix}{name}',
                        f'plan 1..{want} but {seen.get(4, 0)} results: truncated')
            plans.pop(4, None)
            seen[4] = 0
    want = plans.get(0)
    if want is not None and seen.get(0, 0) != want:
        rep.add('not ok', f'{prefix}ktap',
                f'plan 1..{want} but {seen.get(0, 0)} suites reported')
    if want is None and any(KTAP_RESULT.match(l) for l in lines):
        rep.add('not ok', f'{prefix}ktap', 'results without a plan')


def judge_pool(lines, pre, rep):
    """The default swiotlb pool must lie below the edu device's limit."""
    pools = [m for m in map(SWIOTLB_POOL.search, lines) if m]
    if not pools:
        rep.add('not ok', pre + 'swiotlb pool below 2^28', 'no "software IO TLB: mapped" line')
        return
    end = int(pools[0].group(2), 16)
    rep.add('ok' if end <= EDU_LIMIT else 'not ok', pre + 'swiotlb pool below 2^28',
            '' if end <= EDU_LIMIT else f'pool ends at {pools[0].group(2)}')


# The mapping mode the edu driver's 28-bit scatter/gather adapter gets
STAT_MODE = {'direct': 'direct', 'bounce': 'bounce', 'iommu': 'iommu', 'highmem': 'bounce'}


def judge_stat(text, config, pre, rep):
    """wdmdma-stat --json, run while the edu driver is loaded and idle."""
    name = pre + 'wdmdma-stat json of the live edu adapter'
    try:
        adapters = json.loads(text)['adapters']
    except (ValueError, KeyError, TypeError) as e:
        rep.add('not ok', name, f'not the JSON wdmdma-stat prints: {e}')
        return
    if len(adapters) != 1:
        rep.add('not ok', name, f'{len(adapters)} adapters listed, not the edu driver\'s one')
        return
    a = adapters[0]
    want = {'width': 28, 'map_registers': 2, 'mode': STAT_MODE.get(config, a.get('mode')),
            'map_registers_in_use': 0, 'sg_lists_outstanding': 0, 'queue_depth': 0,
            'channel_owner': 'free', 'violations': 0, 'verifier': 0, 'unverified': 0}
    why = [f'{k}={a.get(k)!r}, not {v!r}' for k, v in want.items() if a.get(k) != v]
    for k in ('transfers', 'bytes', 'map_registers_peak'):
        if not isinstance(a.get(k), int) or a[k] <= 0:
            why.append(f'{k}={a.get(k)!r}, not counted')
    bounces = config in ('bounce', 'highmem')
    if not isinstance(a.get('bounced_bytes'), int) or (a['bounced_bytes'] > 0) != bounces:
        why.append(f'bounced_bytes={a.get("bounced_bytes")!r} on {config}')
    rep.add('not ok' if why else 'ok', name, '; '.join(why))


def stats_of(text):
    """debugfs stats (key=value words) as a dict, numbers as ints."""
    return {k: int(v) if v.isdigit() else v for k, v in STATS_WORD.findall(text)}


def judge_verifier(v, pre, rep):
    """The edu workload in verifier mode and the device's overrun."""
    clean, over = v['stats'].get('clean', []), v['stats'].get('overrun', [])
    name = pre + 'verifier: edu workload on a verified adapter, every mapping double-buffered'
    why = []
    if len(clean) != 1:
        why.append(f'{len(clean)} adapters listed, not the edu driver\'s one')
    else:
        a = clean[0]
        want = {'verifier': 1, 'unverified': 0, 'violations': 0}
        why = [f'{k}={a.get(k)!r}, not {w!r}' for k, w in want.items() if a.get(k) != w]
        why += [f'{k}={a[k]}' for k in a if k.startswith('check.')]
        if not isinstance(a.get('transfers'), int) or a['transfers'] <= 0:
            why.append(f'transfers={a.get("transfers")!r}')
    rep.add('not ok' if why else 'ok', name, '; '.join(why))

    for tag, when, checks in (('json', 'verified edu adapter', {}),
                              ('json_overrun', 'edu adapter after the overrun',
                               {'check.overrun': 1})):
        want = {'verifier': 1, 'unverified': 0, 'violations': sum(checks.values())}
        want.update(checks)
        name = pre + f'wdmdma-stat json of the {when}: verifier figures'
        why = []
        try:
            adapters = json.loads(v[tag])['adapters'] if v[tag] else None
        except (ValueError, KeyError, TypeError) as e:
            adapters, why = None, [f'not the JSON wdmdma-stat prints: {e}']
        if adapters is not None and len(adapters) != 1:
            why.append(f'{len(adapters)} adapters listed')
        elif adapters:
            a = adapters[0]
            why += [f'{k}={a.get(k)!r}, not {w}' for k, w in want.items() if a.get(k) != w]
            why += [f'{k}={a[k]}' for k in a if k.startswith('check.') and k not in checks]
        elif not why:
            why.append(f'no wdmdma-stat line of the {when}')
        rep.add('not ok' if why else 'ok', name, '; '.join(why))

    name = pre + 'verifier: the edu device\'s 64-byte overrun reported at FlushAdapterBuffers'
    why = []
    reports = v['reports']
    m = OVERRUN_REPORT.match(reports[0]) if len(reports) == 1 else None
    if len(reports) != 1:
        why.append(f'{len(reports)} overrun reports, not 1')
    elif not m:
        why.append(f'report not as expected: {reports[0][:200]}')
    elif len(over) == 1 and (int(m.group(1)) != over[0].get('adapter') or
                             m.group(2) != over[0].get('dma_device')):
        why.append(f'report names adapter {m.group(1)} ({m.group(2)}), the edu driver\'s is '
                   f'{over[0].get("adapter")} ({over[0].get("dma_device")})')
    rep.add('not ok' if why else 'ok', name, '; '.join(why))

    name = pre + 'verifier: the overrun counted once, nothing else'
    why = []
    if len(over) != 1:
        why.append(f'{len(over)} adapters listed after the overrun, not 1')
    else:
        a = over[0]
        want = {'verifier': 1, 'unverified': 0, 'violations': 1, 'check.overrun': 1}
        why = [f'{k}={a.get(k)!r}, not {w!r}' for k, w in want.items() if a.get(k) != w]
        why += [f'{k}={a[k]}' for k in a if k.startswith('check.') and k != 'check.overrun']
    edu = stats_of(v['edu'])
    if edu.get('test-overruns') != 1 or edu.get('test-overrun-bytes') != 64:
        why.append(f'the driver programmed {edu.get("test-overruns")!r} overruns of '
                   f'{edu.get("test-overrun-bytes")!r} bytes, not 1 of 64')
    rep.add('not ok' if why else 'ok', name, '; '.join(why))


# Results the edu workload must report once the WDM sample loaded
EDU_REQUIRED = ('edu-wdm-wmi-block', 'edu-wdm-per-open-state')


def judge_log(path, rep):
    config = os.path.basename(path).rsplit('.', 1)[0]
    with open(path, errors='replace') as f:
        lines = [clean(l) for l in f]
    pre = f'{config}: '
    bad = []
    ended = False
    chunk = None
    verifier = {'stats': {}, 'json': None, 'json_overrun': None, 'reports': [], 'edu': ''}
    verified = False
    results = set()
    for line in lines:
        if line.startswith('WDMDMA-VM: '):
            word = line[len('WDMDMA-VM: '):].split()
            if chunk is not None:
                parse_ktap(chunk, pre, rep)
                chunk = None
            if word[0] == 'insmod':
                chunk = []
            elif word[0] == 'result':
                rep.add(word[2], pre + word[1])
                results.add(word[1])
                verified |= word[1] == 'insmod-edu_wdm-verifier'
            elif word[0] == 'wdmdma-stat':
                judge_stat(line.split('wdmdma-stat', 1)[1].strip(), config, pre, rep)
            elif word[0] == 'verifier-stats' and len(word) > 1:
                verified = True
                verifier['stats'].setdefault(word[1], []).append(
                    stats_of(' '.join(word[2:])))
            elif word[0] == 'wdmdma-stat-verifier':
                verifier['json'] = line.split(word[0], 1)[1].strip()
            elif word[0] == 'wdmdma-stat-overrun':
                verifier['json_overrun'] = line.split(word[0], 1)[1].strip()
            elif word[0] == 'verifier-report':
                verifier['reports'].append(line.split('verifier-report', 1)[1].strip())
            elif word[0] == 'verifier-edu':
                verifier['edu'] = line
            elif word[0] == 'dma-api-errors' and word[1] != '0':
                bad.append(f'DMA-API debug counted {word[1]} errors')
            elif word[0] == 'kmemleak-leaks' and word[1] != '0':
                bad.append(f'kmemleak found {word[1]} leaks')
            elif word[0] == 'end':
                ended = True
            continue
        if chunk is not None:
            chunk.append(line)
        # the benchmark's JSON names kernel functions (profiles), not reports
        if BAD.search(line) and not line.startswith(benchlog.PREFIX + '{'):
            bad.append(line.strip())
    if chunk is not None:
        parse_ktap(chunk, pre, rep)
    if verified:
        judge_verifier(verifier, pre, rep)
    # the WDM sample's first run must have checked its WMI block against its
    # statistics and its per-open figures across two opens (edu_guest.sh)
    if 'insmod-edu_wdm' in results:
        for name in EDU_REQUIRED:
            if name not in results:
                rep.add('not ok', pre + name, 'no result: the check did not run')
    if config == 'highmem':
        judge_pool(lines, pre, rep)
    if any(l.startswith('WDMDMA-VM: bench') or benchlog.PREFIX in l for l in lines):
        for status, name, why in benchlog.check(benchlog.parse(lines), config):
            rep.add(status, pre + name, why)
    if not ended:
        bad.append('guest did not reach the end of /init (hang, crash or timeout)')
    rep.add('not ok' if bad else 'ok', pre + 'kernel log clean',
            '; '.join(bad[:3]) + (f' (+{len(bad) - 3} more)' if len(bad) > 3 else ''))


def main(argv):
    rep = Report()
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == '--results':
            with open(args.pop(0)) as f:
                for line in f:
                    line = line.rstrip('\n')
                    if line:
                        st, _, rest = line.partition(' ')
                        if st == 'not':
                            st, rest = 'not ok', rest[3:]
                        name, _, why = rest.partition('  ')
                        rep.add(st, name, why.strip('() '))
        else:
            judge_log(a, rep)
    line = f'{rep.passed} passed, {rep.failed} failed'
    if rep.skipped:
        line += f', {rep.skipped} skipped'
    print(line)
    return 1 if rep.failed or (rep.passed == 0) else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
