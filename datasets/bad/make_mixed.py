#!/usr/bin/env python3
"""Writes datasets/bad/mixed.csv: `key,value` records (no header) that mix good
records with at least one record of every bad-record reason, as raw bytes
(some lines are deliberately not valid UTF-8, some end in CRLF).

Each bad line has exactly one thing wrong with it, so its reason does not
depend on the order in which checks are made. Run from anywhere:

    python3 datasets/bad/make_mixed.py      # rewrites mixed.csv next to this file
"""

import os

GOOD = [
    b"a,1",
    b"a,2.5",
    b"a, 3 ",                      # surrounding spaces trimmed
    b"a,\t4\t",                    # surrounding tabs trimmed
    b"b,-4",
    b'b, "5" ',                    # quoted value, blanks outside the quotes
    b"a,+6",
    b"a,.5",
    b"a,5.",
    b"b,-0",
    b"b,2.5E-3",
    b"b,1E+2",
    b"b,3,extra",                  # extra fields are fine
    b"a,1." + b"0" * 2000,         # 2000 trailing fractional zeros: the value 1
    b"huge,1e999",                 # 1000 digits before the point: in range
    b"huge,9",
    b"tiny,1e-1000",               # 1000 digits after the point: in range
    b"tiny,2e-1000",
    b"zero,0e99999999999",         # zero with a giant exponent is still 0
    b"zero,0.000",
    "café,2".encode(),
    "café,3.5".encode(),
    "日本,7".encode(),
    "\uff21,1".encode(),           # U+FF21: sorts before U+1F600 in UTF-8 bytes
    "\U0001F600,2".encode(),       # (but after it in UTF-16 order)
    "\uff21,2".encode(),
    b'"x, y",10',                  # quoted key with the delimiter
    b'"x, y",20',
    b'"q""uote",1',                # quoted key with an escaped quote: q"uote
]

BAD = [
    ("EMPTY_VALUE", b"a,"),
    ("EMPTY_VALUE", b'a,""'),
    ("EMPTY_VALUE", b"b,   "),
    ("NOT_A_NUMBER", b"a,abc"),
    ("NOT_A_NUMBER", b'a,"1,5"'),
    ("NOT_A_NUMBER", b"a,0x10"),
    ("NOT_A_NUMBER", b"a,1e"),
    ("NOT_A_NUMBER", b"a,1.2.3"),
    ("NOT_A_NUMBER", b"a,."),
    ("NOT_A_NUMBER", b"a,--1"),
    ("NOT_A_NUMBER", b"a,1_000"),
    ("NOT_A_NUMBER", b"b,e5"),
    ("NOT_A_NUMBER", b"a,12abc"),
    ("NOT_A_NUMBER", b"a, 1 2 "),
    ("NOT_FINITE", b"a,NaN"),
    ("NOT_FINITE", b"a,nan"),
    ("NOT_FINITE", b"a,Infinity"),
    ("NOT_FINITE", b"a,-inf"),
    ("NOT_FINITE", b"b,+INF"),
    ("NOT_FINITE", b"b,-Infinity"),
    ("OUT_OF_RANGE", b"a,1e1000"),
    ("OUT_OF_RANGE", b"a,1e-1001"),
    ("OUT_OF_RANGE", b"a," + b"1" * 1001),
    ("OUT_OF_RANGE", b"a,0." + b"0" * 1000 + b"1"),
    ("OUT_OF_RANGE", b"a,1e99999999999"),
    ("MISSING_COLUMN", b"lonely"),
    ("MISSING_COLUMN", b'"quoted only"'),
    ("INVALID_ENCODING", b"a,\xff"),
    ("INVALID_ENCODING", b"\xc3\x28,5"),            # bad continuation byte
    ("INVALID_ENCODING", b"a,1\xc0\xaf"),           # overlong encoding
    ("INVALID_ENCODING", b"\xed\xa0\x80,1"),        # UTF-16 surrogate
    ("INVALID_ENCODING", b"\xe6\x97,1"),            # truncated sequence
    ("UNTERMINATED_QUOTE", b'a,"12'),
    ("UNTERMINATED_QUOTE", b'"abc,5'),
    ("MALFORMED_QUOTE", b'a,"1"2'),
    ("MALFORMED_QUOTE", b'"a"b,5'),
    ("MALFORMED_QUOTE", b'a,"1" x'),
]

BLANK = [b"", b"", b"  \t "]  # ignored silently (the last one: only blanks)


def build():
    """Interleave good, bad and blank lines deterministically; every fourth
    line ends in CRLF, the others in LF."""
    lines = []
    bad = [line for _, line in BAD]
    gi = bi = 0
    blanks = list(BLANK)
    while gi < len(GOOD) or bi < len(bad):
        if gi < len(GOOD):
            lines.append(GOOD[gi])
            gi += 1
        for _ in range(2):
            if bi < len(bad):
                lines.append(bad[bi])
                bi += 1
        if blanks and len(lines) % 9 == 0:
            lines.append(blanks.pop())
    lines.extend(blanks)
    lines.append(b"a,10")  # last line ends without a line terminator
    out = bytearray()
    for i, line in enumerate(lines):
        out += line
        if i < len(lines) - 1:
            out += b"\r\n" if i % 4 == 3 else b"\n"
    return bytes(out)


def main():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mixed.csv")
    with open(path, "wb") as fh:
        fh.write(build())
    counts = {}
    for reason, _ in BAD:
        counts[reason] = counts.get(reason, 0) + 1
    print("wrote %s: %d good, %d bad (%s)" % (
        path, len(GOOD) + 1, len(BAD),
        ", ".join("%s=%d" % kv for kv in sorted(counts.items()))))


if __name__ == "__main__":
    main()
