#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make bench's report: read wdmdma_bench's lines from each configuration's
console log, print one table, write results.json and draw the plots.

  report.py --out DIR LOG...

A LOG is build/bench/vm/<configuration>.log.  The table has one row per
result: configuration, measurement (shim measurement / native baseline),
adapter, size (pages, or device objects for scaling), the median over the
rounds of each side's ns per operation, the median of the per-round ratios
shim/native and their range, and a note (cost per page, requests per
second).  DIR gets results.json (every round's values and the summaries)
and, with gnuplot, cost-<configuration>.png (ns per operation against
pages, log-log, shim and native, one panel per adapter) and
scaling-<configuration>.png.  After the table, the profiles: for each
configuration, adapter and 1-page path, the share of the samples of its
heaviest functions (tools/bench/profile.c).
"""
import json
import os
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True   # nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlog  # noqa: E402

COST_MEASUREMENTS = ('map_transfer', 'get_sgl', 'build_sgl')


def fmt_ns(v):
    return f'{v:.1f}' if v < 1000 else f'{v:.0f}'


def size_of(res):
    return res['devobjs'] if 'devobjs' in res else res['pages']


def size_label(res):
    return f"{res['devobjs']} dev" if 'devobjs' in res else f"{res['pages']} p"


def note(res, s):
    if res['m'] == 'scaling':
        return (f"req/s: shim {1e9 / s['shim_median_ns']:.0f}, "
                f"native {1e9 / s['native_median_ns']:.0f}")
    if res['m'] in COST_MEASUREMENTS:
        p = res['pages']
        return (f"ns/page: shim {fmt_ns(s['shim_median_ns'] / p)}, "
                f"native {fmt_ns(s['native_median_ns'] / p)}")
    return ''


def table(configs):
    head = ('config', 'measurement', 'adapter', 'size', 'shim ns', 'native ns',
            'ratio', 'min-max', 'note')
    rows = []
    for config, run in configs.items():
        for res in run['results']:
            s = res['summary']
            if 'ratio_median' not in s:
                continue
            rows.append((config, f"{res['m']}/{benchlog.MEASUREMENTS.get(res['m'], '?')}",
                         res['adapter'], size_label(res), fmt_ns(s['shim_median_ns']),
                         fmt_ns(s['native_median_ns']), f"{s['ratio_median']:.2f}",
                         f"{s['ratio_min']:.2f}-{s['ratio_max']:.2f}", note(res, s)))
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
    right = {3, 4, 5, 6, 7}

    def line(r):
        cells = [str(c).rjust(w) if i in right else str(c).ljust(w)
                 for i, (c, w) in enumerate(zip(r, widths))]
        return '  '.join(cells).rstrip()

    out = [line(head)]
    last = None
    for r in rows:
        if last is not None and r[0] != last:
            out.append('')
        last = r[0]
        out.append(line(r))
    return '\n'.join(out)


def profiles(configs, top=6):
    """The profiles, one line each: where the samples of a path fell."""
    out = []
    for config, run in configs.items():
        for p in run.get('profiles', []):
            n = p.get('samples') or 0
            if not n:
                continue
            funcs = ', '.join(f'{name} {100 * k / n:.0f}%' for name, k in p['top'][:top])
            out.append(f"{config:8} {p['adapter']:6} {p['profile']:18} {n:6}  {funcs}")
    if not out:
        return ''
    return '\n'.join(['', 'profiles (samples, heaviest functions' +
                       ' by share of samples):'] + out)


def plot_cost(out, config, run, gnuplot):
    """ns per operation against pages, per adapter: each shim measurement
    and the native dma_map_sg."""
    adapters = [a['adapter'] for a in run['adapters']]
    data = os.path.join(out, 'plot', f'cost-{config}')
    os.makedirs(os.path.dirname(data), exist_ok=True)
    panels = []
    for ad in adapters:
        series = {}
        for res in run['results']:
            if res['adapter'] != ad or res['m'] not in COST_MEASUREMENTS:
                continue
            s = res['summary']
            series.setdefault(res['m'], []).append((res['pages'], s['shim_median_ns']))
            if res['m'] == 'map_transfer':
                series.setdefault('native', []).append((res['pages'], s['native_median_ns']))
        files = []
        for key, label in (('map_transfer', 'MapTransfer+Flush'),
                           ('get_sgl', 'Get+PutScatterGatherList'),
                           ('build_sgl', 'Build+PutScatterGatherList'),
                           ('native', 'native dma\\_map\\_sg+unmap')):
            pts = sorted(series.get(key, []))
            if not pts:
                continue
            path = f'{data}-{ad}-{key}.dat'
            with open(path, 'w') as f:
                f.writelines(f'{p} {v}\n' for p, v in pts)
            files.append((path, label, key == 'native'))
        if files:
            panels.append((ad, files))
    if not panels:
        return None
    png = os.path.join(out, f'cost-{config}.png')
    cols = 2
    rows = (len(panels) + cols - 1) // cols
    script = [
        f"set terminal pngcairo size 1200,{450 * rows} font 'sans,10'",
        f"set output '{png}'",
        f"set multiplot layout {rows},{cols} title "
        f"'wdmdma bench, {config}: ns per operation against pages (median of rounds)'",
        'set logscale xy', 'set grid', 'set key top left',
        "set xlabel 'pages'", "set ylabel 'ns per operation'",
        'set xtics (1, 4, 16, 64, 256, 1024)', 'set xrange [0.8:1300]',
    ]
    for ad, files in panels:
        plots = []
        for path, label, native in files:
            style = 'dashtype 2 lw 2 lc rgb "black"' if native else 'lw 2'
            plots.append(f"'{path}' using 1:2 with linespoints {style} title '{label}'")
        script.append(f"set title 'adapter {ad}'")
        script.append('plot ' + ', '.join(plots))
    script.append('unset multiplot')
    subprocess.run([gnuplot], input='\n'.join(script) + '\n', text=True, check=True)
    return png


def plot_scaling(out, config, run, gnuplot):
    pts = sorted((res['devobjs'], 1e9 / res['summary']['shim_median_ns'],
                  1e9 / res['summary']['native_median_ns'])
                 for res in run['results'] if res['m'] == 'scaling')
    if not pts:
        return None
    path = os.path.join(out, 'plot', f'scaling-{config}.dat')
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.writelines(f'{d} {s} {n}\n' for d, s, n in pts)
    png = os.path.join(out, f'scaling-{config}.png')
    cpus = (run['begin'] or {}).get('cpus', '?')
    script = [
        "set terminal pngcairo size 800,500 font 'sans,10'",
        f"set output '{png}'",
        f"set title 'wdmdma bench, {config}: requests per second, one adapter, {cpus} CPUs'",
        'set grid', 'set key top left', 'set logscale y',
        "set xlabel 'device objects (one bound kthread each)'",
        "set ylabel 'requests per second'", 'set xtics (1, 2, 4)', 'set xrange [0.5:4.5]',
        f"plot '{path}' using 1:2 with linespoints lw 2 title "
        "'AllocateAdapterChannel + 1-page MapTransfer/Flush', "
        f"'{path}' using 1:3 with linespoints dashtype 2 lw 2 lc rgb 'black' "
        "title 'native dma\\_map\\_page+unmap'",
    ]
    subprocess.run([gnuplot], input='\n'.join(script) + '\n', text=True, check=True)
    return png


def main(argv):
    out = None
    logs = []
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == '--out':
            out = args.pop(0)
        else:
            logs.append(a)
    if not out or not logs:
        print('usage: report.py --out DIR LOG...', file=sys.stderr)
        return 2
    os.makedirs(out, exist_ok=True)
    configs = {}
    failed = False
    for log in logs:
        config = os.path.basename(log).rsplit('.', 1)[0]
        try:
            with open(log, errors='replace') as f:
                run = benchlog.parse(f)
        except OSError as e:
            print(f'{config}: {e}', file=sys.stderr)
            failed = True
            continue
        for status, test, why in benchlog.check(run, config):
            if status != 'ok':
                print(f'{config}: {test}: {why}', file=sys.stderr)
                failed = True
        for res in run['results']:
            res['summary'] = benchlog.summarize(res)
        configs[config] = run
    print(table(configs))
    print(profiles(configs))

    with open(os.path.join(out, 'results.json'), 'w') as f:
        json.dump({'configs': {c: {'begin': r['begin'], 'adapters': r['adapters'],
                                   'done': r['done'], 'results': r['results'],
                                   'profiles': r['profiles']}
                               for c, r in configs.items()}}, f, indent=1)
        f.write('\n')
    made = [os.path.join(out, 'results.json')]
    gnuplot = shutil.which('gnuplot')
    if gnuplot:
        for config, run in configs.items():
            for fn in (plot_cost, plot_scaling):
                png = fn(out, config, run, gnuplot)
                if png:
                    made.append(png)
    else:
        print('bench: no gnuplot, no plots (tools/bench/deps.sh installs it)', file=sys.stderr)
    print('\nwritten: ' + ' '.join(os.path.relpath(p) for p in made))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
