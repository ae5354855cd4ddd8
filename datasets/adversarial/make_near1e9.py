#!/usr/bin/env python3
"""Writes datasets/adversarial/near1e9.csv: 1000 `key,value` records of the
single key `k`, each 1000000000 plus a small offset, so the standard deviation
is about 1 while the sum of squares is about 1e21. A naive double-precision
n*sum(x^2) - sum(x)^2 cancels catastrophically on this input; exact arithmetic
does not.

Half of the offsets are integers in [-2, 2], half are decimals in
[-1.999, 1.999] with 1 to 3 fractional digits (some written with a trailing
zero, e.g. 1000000000.250). Integer-only pseudo-randomness (random.Random with
a fixed seed), so the file is reproducible:

    python3 datasets/adversarial/make_near1e9.py
"""

import os
import random

ROWS = 1000
BASE = 1_000_000_000


def build():
    rnd = random.Random(1_000_000_007)
    lines = []
    for i in range(ROWS):
        if i % 2 == 0:
            off_milli = rnd.randrange(-2, 3) * 1000
        else:
            off_milli = rnd.randrange(-1999, 2000)
        total = BASE * 1000 + off_milli  # value in thousandths
        whole, frac = divmod(total, 1000)
        if frac == 0:
            text = str(whole)
        else:
            digits = "%03d" % frac
            if i % 7 != 0:  # mostly minimal scale; sometimes keep the zeros
                digits = digits.rstrip("0")
            text = "%d.%s" % (whole, digits)
        lines.append("k," + text)
    return ("\n".join(lines) + "\n").encode("ascii")


def main():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "near1e9.csv")
    with open(path, "wb") as fh:
        fh.write(build())
    print("wrote %s: %d records" % (path, ROWS))


if __name__ == "__main__":
    main()
