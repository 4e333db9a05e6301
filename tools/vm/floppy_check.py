#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check a boot's floppy image on the host: when the guest's wdmdma_floppy
suite says it wrote ("FLOPPY_DONE lba N sectors M"), those sectors must
hold its pattern (kunit/floppy_test.c: fl_pattern) and every other byte
of the image must still be 0 (the harness made it blank).  Prints one
results line ("ok NAME" / "not ok NAME  (why)"), nothing when the suite
did not write (filtered out or skipped).

  floppy_check.py CONFIG LOG IMAGE
"""
import re
import sys

DONE = re.compile(r'FLOPPY_DONE lba (\d+) sectors (\d+)')
SECTOR = 512


def pattern(off):
    return (off * 31 + (off >> 9) * 7 + 0xa5) & 0xff


def main(config, log, image):
    with open(log, errors='replace') as f:
        done = [m for m in map(DONE.search, f) if m]
    if not done:
        return 0
    lba, count = int(done[-1].group(1)), int(done[-1].group(2))
    name = f'{config}: floppy image on the host'
    try:
        with open(image, 'rb') as f:
            data = f.read()
    except OSError as e:
        print(f'not ok {name}  ({e})')
        return 0
    first, end = lba * SECTOR, (lba + count) * SECTOR
    if len(data) != 1474560:
        print(f'not ok {name}  (image is {len(data)} bytes)')
        return 0
    bad = [o for o in range(first, end) if data[o] != pattern(o)]
    stray = [o for o, b in enumerate(data) if b and not first <= o < end]
    if bad or stray:
        why = []
        if bad:
            why.append(f'{len(bad)} wrong bytes in sectors {lba}-{lba + count - 1}, '
                       f'first at {bad[0]:#x}')
        if stray:
            why.append(f'{len(stray)} bytes written elsewhere, first at {stray[0]:#x}')
        print(f'not ok {name}  ({"; ".join(why)})')
    else:
        print(f'ok {name}')
    return 0


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:4]))
