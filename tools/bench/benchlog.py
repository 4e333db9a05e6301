# SPDX-License-Identifier: GPL-2.0
"""Read wdmdma_bench's console lines ("wdmdma-bench: {json}") from a test-VM
log, and check that a run is well formed (make check's short run).

Used by tools/bench/report.py (make bench: table, JSON, plots) and by
tools/vm/judge.py (make check).  The checks are about form only: every
measurement reported for every round, positive values, ratios that are
numbers a timer can produce.  Never a timing threshold.
"""
import json
import math
import re

PREFIX = 'wdmdma-bench: '
STAMP = re.compile(r'^\[\s*\d+\.\d+\] ')

# What every run reports, with the native baseline of each.
MEASUREMENTS = {
    'map_transfer': 'map_sg',
    'get_sgl': 'map_sg',
    'build_sgl': 'map_sg',
    'map_transfer_page': 'map_page',
    'channel_cycle': 'map_page',
    'dispatch_p50': 'queue_work',
    'dispatch_p99': 'queue_work',
    'scaling': 'map_page',
    # verifier mode (sg28, small sizes): against native and against itself off
    'map_transfer_verifier': 'map_sg',
    'map_transfer_verifier_vs_off': 'map_transfer',
    'get_sgl_verifier': 'map_sg',
    'get_sgl_verifier_vs_off': 'get_sgl',
}

# What the profiler looks at, on each scatter/gather adapter.
PROFILES = ('map_transfer_page', 'map_page', 'get_sgl', 'map_sg', 'channel_cycle')

# Ratios outside this are not a measurement but a broken timer or counter.
SANE_RATIO = (1e-3, 1e3)


def median(values):
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def parse(lines):
    """Split a log's bench lines into begin, adapters, results, profiles,
    done and the lines that did not parse."""
    run = {'begin': None, 'adapters': [], 'results': [], 'profiles': [], 'done': None,
           'bad': []}
    for raw in lines:
        line = STAMP.sub('', raw.replace('\r', '').rstrip('\n'))
        at = line.find(PREFIX)
        if at < 0:
            continue
        text = line[at + len(PREFIX):]
        if not text.startswith('{'):
            continue        # an error message of the module's (pr_err)
        try:
            obj = json.loads(text)
        except ValueError:
            run['bad'].append(text)
            continue
        if obj.get('begin'):
            run['begin'] = obj
        elif obj.get('done'):
            run['done'] = obj
        elif 'm' in obj:
            run['results'].append(obj)
        elif 'profile' in obj:
            run['profiles'].append(obj)
        elif 'adapter' in obj:
            run['adapters'].append(obj)
        else:
            run['bad'].append(text)
    return run


def summarize(res):
    """Median of each side, per-round ratios (shim/native), their median
    and range."""
    shim, native = res['shim_ns'], res['native_ns']
    ratios = [s / n for s, n in zip(shim, native) if n > 0]
    out = {
        'shim_median_ns': median(shim),
        'native_median_ns': median(native),
        'ratios': ratios,
    }
    if ratios:
        out.update(ratio_median=median(ratios), ratio_min=min(ratios), ratio_max=max(ratios))
    return out


def problems(res, rounds):
    """What is wrong with one result line, or an empty list."""
    why = []
    for key in ('shim_ns', 'native_ns'):
        v = res.get(key)
        if not isinstance(v, list) or len(v) != rounds:
            why.append(f'{key} has {len(v) if isinstance(v, list) else "no"} values, '
                       f'{rounds} rounds')
            continue
        if not all(isinstance(x, (int, float)) and math.isfinite(x) and x > 0 for x in v):
            why.append(f'{key} not all positive: {v}')
    if not why:
        lo, hi = SANE_RATIO
        bad = [r for r in summarize(res)['ratios'] if not lo <= r <= hi]
        if bad:
            why.append(f'ratios {bad} outside {lo}..{hi}')
    return why


def name(res):
    size = f"{res['devobjs']} devobjs" if 'devobjs' in res else f"{res.get('pages')} pages"
    return f"{res.get('m')} {res.get('adapter')} {size}"


def check(run, config):
    """(status, test name, why) for make check: the run began and ended,
    every measurement is there for every round with positive values and
    sane ratios, and on direct and iommu the mappings went where the
    configuration sends them."""
    tests = []
    begin, done = run['begin'], run['done']
    why = []
    if not begin:
        why.append('no begin line')
    if not done:
        why.append('no done line (the module failed or the guest stopped)')
    if run['bad']:
        why.append(f"{len(run['bad'])} lines that are not JSON: {run['bad'][0][:80]}")
    tests.append(('not ok' if why else 'ok', 'bench: began, ended, lines well formed',
                  '; '.join(why)))
    if not begin:
        return tests

    rounds = begin.get('rounds', 0)
    why = []
    for res in run['results']:
        for w in problems(res, rounds):
            why.append(f'{name(res)}: {w}')
    seen = {r.get('m') for r in run['results']}
    missing = sorted(set(MEASUREMENTS) - seen)
    if missing:
        why.append('missing: ' + ', '.join(missing))
    tests.append(('not ok' if why else 'ok',
                  'bench: every measurement, positive values, sane ratios',
                  '; '.join(why[:3]) + (f' (+{len(why) - 3} more)' if len(why) > 3 else '')))

    why = []
    seen = {p.get('profile') for p in run['profiles']}
    missing = [p for p in PROFILES if p not in seen]
    if missing:
        why.append('no profile of ' + ', '.join(missing))
    for p in run['profiles']:
        top = p.get('top')
        if (not isinstance(p.get('samples'), int) or p['samples'] < 0 or not isinstance(top, list)
                or not all(isinstance(f, list) and len(f) == 2 and isinstance(f[0], str)
                           and isinstance(f[1], int) and f[1] > 0 for f in top)
                or sum(f[1] for f in top) > p['samples']):
            why.append(f"{p.get('profile')} {p.get('adapter')}: malformed")
    # A short run on the debug guest may catch no tick in one path (20 ms,
    # interrupts often off); the sampler must work at all.
    if run['profiles'] and not sum(p.get('samples') or 0 for p in run['profiles']
                                   if isinstance(p.get('samples'), int)):
        why.append('no profile has any sample')
    tests.append(('not ok' if why else 'ok', 'bench: every profile there and well formed, samples taken',
                  '; '.join(why[:3])))

    if config in ('direct', 'iommu'):
        want_iommu = 'translated' if config == 'iommu' else 'none'
        why = []
        if begin.get('iommu') != want_iommu:
            why.append(f"device's IOMMU domain is {begin.get('iommu')}, not {want_iommu}")
        for ad in run['adapters']:
            if ad.get('la_is_phys') != (config == 'direct'):
                why.append(f"{ad.get('adapter')}: logical address "
                           f"{'is' if ad.get('la_is_phys') else 'is not'} the RAM address")
        if not run['adapters']:
            why.append('no adapter lines')
        what = ('mappings are IOVAs of the IOMMU' if config == 'iommu'
                else 'mappings are RAM addresses')
        tests.append(('not ok' if why else 'ok', f'bench: {what}', '; '.join(why)))
    return tests
