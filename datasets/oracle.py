#!/usr/bin/env python3
"""Reference implementation ("oracle") of the Squares job, for expected outputs.

Independent of the Java code: Python 3.11 standard library only, and exact
arithmetic only (integers, fractions.Fraction; decimal only in the self-test as
a cross-check). No float is ever used for a value.

Usage:
  python3 datasets/oracle.py stats|square [--delimiter C] [--header]
        [--key-column COL] [--value-column COL] [--keep-record]
        [--multiline] [--max-line-bytes N] [--bad-records-tsv OUT] FILE...
  python3 datasets/oracle.py --self-test

Expected output goes to stdout, bad-record counts to stderr as
"REASON<TAB>count" lines sorted by reason (only reasons that occurred).
With --bad-records-tsv OUT, every bad record is also written to OUT as
"file<TAB>line<TAB>byte_offset<TAB>reason<TAB>record_bytes" (file as given on
the command line; files in command-line order, records in file order).
Exit status: 0 ok, 1 input/IO error (missing file, truncated or corrupt
compressed file, header name not found), 2 usage error.

Input rules (see datasets/README.md for the full list of decisions):
  * A file is bytes; FILE.gz and FILE.bz2 are decompressed first (offsets are
    in the decompressed bytes). A UTF-8 BOM at the very start of a file is
    dropped from the text (it still counts in the first record's length).
  * Default mode: records are lines, ending at LF, CRLF or a lone CR (as
    Hadoop's LineReader does); quoted fields never span lines.
    --multiline: records are read as RFC 4180 does: a line terminator inside
    a quoted field belongs to the field; a quoted field opens only where a
    field starts; a record ends at the first terminator outside quotes or at
    the end of the file; a quote still open at the end of the file makes the
    rest of the file from the record's start one UNTERMINATED_QUOTE record.
    A record's line is the physical line it starts on (1-based, counting
    every LF, CRLF and lone CR, also those inside quotes).
  * A record longer than --max-line-bytes (default 8388608) bytes, terminator
    excluded (a BOM counts for the first record), is LINE_TOO_LONG; this is
    checked before anything else (even before the blank check).
  * A blank record (empty, or only spaces/tabs) is ignored silently: it is not
    a record and is not counted.
  * With --header the first record of every file is that file's header, not a
    record (parsed with the same splitter; names are matched exactly). A header
    that does not split (quote error), or is too long, has no names.
  * A record that is not valid UTF-8 is INVALID_ENCODING.
  * Fields: split on the delimiter; surrounding spaces/tabs are trimmed (minus
    the delimiter itself, if that is a space or tab). A field whose first
    non-blank character is '"' is quoted: it runs to the closing quote, '""'
    stands for one quote, its content is kept verbatim (not trimmed); after the
    closing quote only spaces/tabs may come before the delimiter or the end of
    line, anything else is MALFORMED_QUOTE; no closing quote is
    UNTERMINATED_QUOTE. A quote inside an unquoted field is MALFORMED_QUOTE.
    The whole line is split, so a quote error in any field rejects the record.
  * A key holding a control character (Unicode category Cc) other than TAB, LF,
    VT, FF and CR is CONTROL_CHARACTER (binary data, not text). Other columns
    are not judged.
  * Checks, in this order: LINE_TOO_LONG, INVALID_ENCODING, quote errors,
    MISSING_COLUMN (key or value column), CONTROL_CHARACTER, EMPTY_VALUE,
    NOT_FINITE, NOT_A_NUMBER, OUT_OF_RANGE.
  * Output escaping: in stats keys and in square --keep-record records,
    backslash, TAB, LF and CR are written as \\\\, \\t, \\n, \\r.
  * Value grammar (ASCII only): [+-]? (D+ ('.' D*)? | '.' D+) ([eE] [+-]? D+)?
    NOT_FINITE: [+-]? (nan | inf | infinity), any case.
    OUT_OF_RANGE: after stripping trailing fractional zeros, more than 1000
    digits after the point, or more than 1000 digits before it (leading zeros
    do not count; zero is always in range).
"""

import sys

sys.set_int_max_str_digits(0)

import math  # noqa: E402
import re  # noqa: E402
import unicodedata  # noqa: E402
from fractions import Fraction  # noqa: E402

REASONS = (
    "CONTROL_CHARACTER",
    "EMPTY_VALUE",
    "INVALID_ENCODING",
    "LINE_TOO_LONG",
    "MALFORMED_QUOTE",
    "MISSING_COLUMN",
    "NOT_A_NUMBER",
    "NOT_FINITE",
    "OUT_OF_RANGE",
    "UNTERMINATED_QUOTE",
)

MAX_DIGITS = 1000
MAX_LINE_BYTES_DEFAULT = 8388608
MAX_LINE_BYTES_MIN = 1024
BOM = b"\xef\xbb\xbf"
SIG_DIGITS = 17
NULL = "\\N"
TEXT_CONTROLS = "\t\n\x0b\x0c\r"  # the control characters that text holds (whitespace)
DESCRIBE = "0.25,0.5,0.75"  # pandas describe() quartiles

_NUMBER = re.compile(
    r"([+-]?)(?:([0-9]+)(?:\.([0-9]*))?|\.([0-9]+))(?:[eE]([+-]?[0-9]+))?",
    re.ASCII,
)
_NON_FINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.ASCII | re.IGNORECASE)
_INDEX = re.compile(r"[0-9]+", re.ASCII)


class BadRecord(Exception):
    """A record that is skipped and counted under `reason`."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class UsageError(Exception):
    pass


class InputError(Exception):
    pass


# --------------------------------------------------------------------------
# Exact decimals: a value is the pair (c, e) meaning c * 10**e, c an int.


def normalize(c, e):
    """Strip trailing zeros of the coefficient; zero becomes (0, 0)."""
    if c == 0:
        return 0, 0
    while c % 10 == 0:
        # Strip in big steps first so huge coefficients stay fast.
        step = 1
        while c % (10 ** (step * 2)) == 0:
            step *= 2
        c //= 10**step
        e += step
    return c, e


def canonical(c, e):
    """Plain decimal text of c*10**e: no exponent, no trailing fractional
    zeros, zero as '0', '-' only for negative values."""
    c, e = normalize(c, e)
    if c == 0:
        return "0"
    sign = "-" if c < 0 else ""
    digits = str(abs(c))
    if e >= 0:
        return sign + digits + "0" * e
    frac = -e
    if len(digits) > frac:
        return sign + digits[:-frac] + "." + digits[-frac:]
    return sign + "0." + "0" * (frac - len(digits)) + digits


def fraction_canonical(x):
    """Canonical text of a Fraction whose denominator is 2^a*5^b (exact)."""
    num, den = x.numerator, x.denominator
    k = 0
    while den % 10 == 0:
        den //= 10
        k += 1
    # den is now 2^a or 5^b (or 1) -- scale it up to a power of ten.
    a = 0
    while den % 2 == 0:
        den //= 2
        a += 1
    b = 0
    while den % 5 == 0:
        den //= 5
        b += 1
    if den != 1:
        raise ValueError("not a finite decimal: %r" % (x,))
    m = max(a, b)
    num *= 2 ** (m - a) * 5 ** (m - b)
    return canonical(num, -(k + m))


# --------------------------------------------------------------------------
# Correct rounding to 17 significant digits, ROUND_HALF_EVEN, exact.


def _floor_log10(p, q):
    """floor(log10(p/q)) for positive integers p, q."""
    k = len(str(p)) - len(str(q))
    # 10**k <= p/q < 10**(k+1)  <=>  q*10**k <= p < q*10**(k+1)
    while _cmp_scaled(p, q, k) < 0:
        k -= 1
    while _cmp_scaled(p, q, k + 1) >= 0:
        k += 1
    return k


def _cmp_scaled(p, q, k):
    """Compare p with q*10**k (k may be negative); returns -1, 0 or 1."""
    if k >= 0:
        lhs, rhs = p, q * 10**k
    else:
        lhs, rhs = p * 10 ** (-k), q
    return (lhs > rhs) - (lhs < rhs)


def round_fraction(x, sig=SIG_DIGITS):
    """Round Fraction x to `sig` significant digits, half-even.
    Returns (coefficient, exponent) with value coefficient*10**exponent."""
    if x == 0:
        return 0, 0
    neg = x < 0
    p, q = abs(x.numerator), x.denominator
    k = _floor_log10(p, q)
    s = sig - 1 - k  # scale so that the result has `sig` integer digits
    if s >= 0:
        num, den = p * 10**s, q
    else:
        num, den = p, q * 10 ** (-s)
    m, r = divmod(num, den)
    twice = 2 * r
    if twice > den or (twice == den and m % 2 == 1):
        m += 1
    return (-m if neg else m), -s


def round_sqrt_fraction(x, sig=SIG_DIGITS):
    """sqrt of a non-negative Fraction x, correctly rounded to `sig`
    significant digits, half-even. Uses math.isqrt on the scaled integer
    floor(x * 10**(2s)) and decides the rounding by an exact comparison
    (equivalent to a sticky remainder bit, and exact even at ties).
    Returns (coefficient, exponent)."""
    if x < 0:
        raise ValueError("sqrt of a negative number")
    if x == 0:
        return 0, 0
    p, q = x.numerator, x.denominator
    # floor(log10(sqrt(x))) = floor(floor(log10(x)) / 2)
    k = _floor_log10(p, q) // 2
    s = sig - 1 - k
    # S = sqrt(x) * 10**s = sqrt(P / Q) with P/Q = x * 10**(2s)
    if s >= 0:
        big_p, big_q = p * 10 ** (2 * s), q
    else:
        big_p, big_q = p, q * 10 ** (-2 * s)
    m = math.isqrt(big_p // big_q)  # floor(S)
    assert 10 ** (sig - 1) <= m < 10**sig, (m, x)
    # S vs m + 1/2  <=>  S^2 vs (2m+1)^2 / 4  <=>  4P vs Q(2m+1)^2
    lhs, rhs = 4 * big_p, big_q * (2 * m + 1) ** 2
    if lhs > rhs or (lhs == rhs and m % 2 == 1):
        m += 1
    return m, -s


# --------------------------------------------------------------------------
# Parsing


def parse_value(text):
    """Parse a trimmed field into (c, e) or raise BadRecord."""
    if text == "":
        raise BadRecord("EMPTY_VALUE")
    if _NON_FINITE.fullmatch(text):
        raise BadRecord("NOT_FINITE")
    m = _NUMBER.fullmatch(text)
    if not m:
        raise BadRecord("NOT_A_NUMBER")
    sign, int_part, frac_part, only_frac, exp = m.groups()
    if only_frac is not None:
        int_part, frac_part = "", only_frac
    frac_part = frac_part or ""
    frac_stripped = frac_part.rstrip("0")
    digits = (int_part + frac_stripped).lstrip("0")
    if digits == "":
        return 0, 0  # zero, whatever its exponent
    exponent = int(exp) if exp else 0
    c = int(digits)
    e = exponent - len(frac_stripped)
    # Strip trailing zeros of the coefficient (cheap check via the string).
    tz = len(digits) - len(digits.rstrip("0"))
    if tz:
        c //= 10**tz
        e += tz
    ndig = len(digits) - tz
    before = ndig + e  # digits before the point when positive
    after = -e  # digits after the point when positive
    if before > MAX_DIGITS or after > MAX_DIGITS:
        raise BadRecord("OUT_OF_RANGE")
    return (-c if sign == "-" else c), e


def split_fields(line, delim):
    """Split one decoded line (no terminator) into fields, or raise
    BadRecord(UNTERMINATED_QUOTE / MALFORMED_QUOTE)."""
    blanks = {" ", "\t"} - {delim}
    fields = []
    i, n = 0, len(line)
    while True:
        while i < n and line[i] in blanks:
            i += 1
        if i < n and line[i] == '"':
            i += 1
            buf = []
            while True:
                j = line.find('"', i)
                if j < 0:
                    raise BadRecord("UNTERMINATED_QUOTE")
                buf.append(line[i:j])
                if j + 1 < n and line[j + 1] == '"':
                    buf.append('"')
                    i = j + 2
                    continue
                i = j + 1
                break
            while i < n and line[i] in blanks:
                i += 1
            fields.append("".join(buf))
            if i == n:
                return fields
            if line[i] != delim:
                raise BadRecord("MALFORMED_QUOTE")
            i += 1
        else:
            j = line.find(delim, i)
            end = n if j < 0 else j
            if line.find('"', i, end) >= 0:
                raise BadRecord("MALFORMED_QUOTE")  # a quote inside an unquoted field
            k = end
            while k > i and line[k - 1] in blanks:
                k -= 1
            fields.append(line[i:k])
            if j < 0:
                return fields
            i = j + 1


def iter_lines(data, start):
    """Yield (start, end, line) of the lines of one file's bytes from offset
    `start`: [start, end) is the line without its terminator (LF, CRLF or lone
    CR), `line` its 1-based physical line number."""
    i, n, line = start, len(data), 1
    while i < n:
        j = i
        while j < n and data[j] not in (0x0A, 0x0D):
            j += 1
        yield i, j, line
        line += 1
        if j < n and data[j] == 0x0D and j + 1 < n and data[j + 1] == 0x0A:
            j += 1
        i = j + 1


def iter_records_multiline(data, start, delim):
    """Yield (start, end, line) of the RFC 4180 records of one file's bytes
    from offset `start`: a line terminator inside a quoted field belongs to
    the record; a quoted field opens only where a field starts (first
    non-blank byte of the field is '"'); inside it '""' is a literal quote and
    a lone '"' closes it. A record ends at the first terminator outside quotes
    or at the end of the data (also when a quote is still open there). `line`
    is the physical line the record starts on, counting every terminator."""
    d = ord(delim)
    blanks = {0x20, 0x09} - {d}
    i, n, line = start, len(data), 1
    while i < n:
        rec_start, rec_line = i, line
        at_field_start, in_quotes = True, False
        j = i
        while j < n:
            b = data[j]
            if in_quotes:
                if b == 0x22:
                    if j + 1 < n and data[j + 1] == 0x22:
                        j += 2
                        continue
                    in_quotes = False
                elif b == 0x0D:
                    line += 1
                    if j + 1 < n and data[j + 1] == 0x0A:
                        j += 1
                elif b == 0x0A:
                    line += 1
                j += 1
                continue
            if b in (0x0A, 0x0D):
                break
            if b == d:
                at_field_start = True
            elif at_field_start and b not in blanks:
                at_field_start = False
                in_quotes = b == 0x22
            j += 1
        yield rec_start, j, rec_line
        if j < n:
            line += 1
            if data[j] == 0x0D and j + 1 < n and data[j + 1] == 0x0A:
                j += 1
            j += 1
        i = j


def read_input(fname):
    """The (decompressed) bytes of one input file."""
    try:
        with open(fname, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise InputError("cannot read %s: %s" % (fname, exc.strerror))
    try:
        if fname.endswith(".gz"):
            import gzip
            import zlib
            try:
                return gzip.decompress(data)
            except (EOFError, OSError, zlib.error) as exc:
                raise InputError("%s: truncated or corrupt compressed input (%s)" % (fname, exc))
        if fname.endswith(".bz2"):
            import bz2
            try:
                return bz2.decompress(data)
            except (EOFError, OSError, ValueError) as exc:
                raise InputError("%s: truncated or corrupt compressed input (%s)" % (fname, exc))
    except ImportError as exc:  # pragma: no cover - stdlib modules
        raise InputError("cannot decompress %s: %s" % (fname, exc))
    return data


def escape_output(text):
    """Output escaping of keys and kept records: backslash, TAB, LF, CR."""
    return (text.replace("\\", "\\\\").replace("\t", "\\t")
            .replace("\n", "\\n").replace("\r", "\\r"))


def is_blank(raw):
    return raw.strip(b" \t") == b""


def resolve_column(spec, header_fields, option, fname):
    """1-based COL spec -> 0-based index, or None when spec is None."""
    if spec is None:
        return None
    if _INDEX.fullmatch(spec):
        idx = int(spec)
        if idx < 1:
            raise UsageError("%s must be >= 1" % option)
        return idx - 1
    if header_fields is None:
        raise UsageError("%s %r is a name: it needs --header" % (option, spec))
    if spec not in header_fields:
        raise InputError("%s: no column named %r in the header of %s" % (option, spec, fname))
    if header_fields.count(spec) > 1:  # which one is meant would be a guess
        raise InputError("%s: %r names %d columns in the header of %s"
                         % (option, spec, header_fields.count(spec), fname))
    return header_fields.index(spec)


# --------------------------------------------------------------------------
# The job


class Group:
    __slots__ = ("n", "s1", "s2", "mn", "mx", "values")

    def __init__(self):
        self.values = []  # every value, only when quantiles are asked for
        self.n = 0
        self.s1 = Fraction(0)
        self.s2 = Fraction(0)
        self.mn = None
        self.mx = None


def quantile(values, p):
    """Quantile p (a Fraction in [0, 1]) of a list of Fractions by linear
    interpolation between closest ranks (NumPy's default, pandas, DuckDB's
    quantile_cont): sorted v[0..n-1], h = (n-1)p, v[floor(h)] + (h -
    floor(h))(v[floor(h)+1] - v[floor(h)]). Exact; None for no values."""
    if not values:
        return None
    v = sorted(values)
    h = (len(v) - 1) * p
    f = math.floor(h)
    if h == f:
        return v[f]
    return v[f] + (h - f) * (v[f + 1] - v[f])


def quantile_text(values, p):
    q = quantile(values, p)
    return NULL if q is None else fraction_canonical(q)


def parse_quantiles(text):
    """'0.25,0.5,0.75' -> [Fraction]; each item a decimal in [0, 1]."""
    ps = []
    for item in text.split(","):
        item = item.strip(" \t")
        try:
            p = to_fraction(*parse_value(item))
        except BadRecord:
            p = None
        if p is None or p < 0 or p > 1:
            raise UsageError("--quantiles: %r is not a number in [0, 1]" % item)
        ps.append(p)
    return ps


def to_fraction(c, e):
    return Fraction(c * 10**e) if e >= 0 else Fraction(c, 10 ** (-e))


def run(mode, files, delim=",", header=False, key_col=None, value_col=None,
        keep_record=False, multiline=False, max_line_bytes=MAX_LINE_BYTES_DEFAULT,
        quantiles=None, out=None, err=None, bad_tsv=None):
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    bad = {}
    groups = {}
    for fname in files:
        data = read_input(fname)
        start = len(BOM) if data.startswith(BOM) else 0
        if multiline:
            records = iter_records_multiline(data, start, delim)
        else:
            records = iter_lines(data, start)
        header_fields = None
        if header:
            first = next(records, None)
            if first is None:
                continue  # an empty file: no header, no records
            h_start, h_end, _ = first
            header_fields = []  # a header that is too long or does not split has no names
            if h_end - (0 if h_start == start else h_start) <= max_line_bytes:
                try:
                    header_fields = split_fields(data[h_start:h_end].decode("utf-8", "replace"), delim)
                except BadRecord:
                    pass
        kidx = resolve_column(key_col, header_fields, "--key-column", fname) if mode == "stats" else None
        vidx = resolve_column(value_col, header_fields, "--value-column", fname)
        for r_start, r_end, line_no in records:
            # The first record's offset and length include the BOM before it.
            offset = 0 if r_start == start else r_start
            length = r_end - offset
            raw = data[r_start:r_end]
            try:
                if length > max_line_bytes:
                    raise BadRecord("LINE_TOO_LONG")
                if is_blank(raw):
                    continue
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError:
                    raise BadRecord("INVALID_ENCODING")
                if multiline and r_end == len(data) and open_quote_at_end(line, delim):
                    raise BadRecord("UNTERMINATED_QUOTE")
                fields = split_fields(line, delim)
                if kidx is not None and kidx >= len(fields):
                    raise BadRecord("MISSING_COLUMN")
                if vidx is None:
                    vtext = fields[-1]
                elif vidx >= len(fields):
                    raise BadRecord("MISSING_COLUMN")
                else:
                    vtext = fields[vidx]
                if kidx is not None and any(
                        unicodedata.category(ch) == "Cc" and ch not in TEXT_CONTROLS for ch in fields[kidx]):
                    raise BadRecord("CONTROL_CHARACTER")
                c, e = parse_value(vtext)
            except BadRecord as exc:
                bad[exc.reason] = bad.get(exc.reason, 0) + 1
                if bad_tsv is not None:
                    bad_tsv.write("%s\t%d\t%d\t%s\t%d\n" % (fname, line_no, offset, exc.reason, length))
                continue
            if mode == "square":
                sq = canonical(c * c, 2 * e)
                out.write((escape_output(line) + delim + sq if keep_record else sq) + "\n")
            else:
                key = "*" if kidx is None else fields[kidx]
                g = groups.get(key)
                if g is None:
                    g = groups[key] = Group()
                v = to_fraction(c, e)
                g.n += 1
                g.s1 += v
                g.s2 += v * v
                if g.mn is None or v < g.mn:
                    g.mn = v
                if g.mx is None or v > g.mx:
                    g.mx = v
                if quantiles:
                    g.values.append(v)
    if mode == "stats":
        for key in sorted(groups, key=lambda k: k.encode("utf-8")):
            fields = stats_fields(key, groups[key])
            if quantiles:
                fields += [quantile_text(groups[key].values, p) for p in quantiles]
            out.write("\t".join(fields) + "\n")
    for reason in sorted(bad):
        err.write("%s\t%d\n" % (reason, bad[reason]))
    return bad


def open_quote_at_end(text, delim):
    """Whether a quoted field is still open at the end of `text` (the last
    record of a file in --multiline mode), by the rules of
    iter_records_multiline. Such a record is UNTERMINATED_QUOTE as a whole."""
    blanks = {" ", "\t"} - {delim}
    at_field_start, in_quotes = True, False
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if in_quotes:
            if ch == '"':
                if i + 1 < n and text[i + 1] == '"':
                    i += 2
                    continue
                in_quotes = False
        elif ch == delim:
            at_field_start = True
        elif at_field_start and ch not in blanks:
            at_field_start = False
            in_quotes = ch == '"'
        i += 1
    return in_quotes


def stats_fields(key, g):
    n = g.n
    mean = canonical(*round_fraction(g.s1 / n))
    if n > 1:
        var = (n * g.s2 - g.s1 * g.s1) / (n * (n - 1))
        variance = canonical(*round_fraction(var))
        stddev = canonical(*round_sqrt_fraction(var))
    else:
        variance = stddev = NULL
    return [
        escape_output(key),
        str(n),
        fraction_canonical(g.s1),
        fraction_canonical(g.s2),
        fraction_canonical(g.mn),
        fraction_canonical(g.mx),
        mean,
        variance,
        stddev,
    ]


# --------------------------------------------------------------------------
# Self-test


def self_test():
    import decimal
    import io
    import os
    import random
    import tempfile

    def run_text(mode, text, with_tsv=False, delimiter_tab=False, **kw):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "in.txt")
            with open(path, "wb") as fh:
                fh.write(text if isinstance(text, bytes) else text.encode("utf-8"))
            out, err, tsv = io.StringIO(), io.StringIO(), io.StringIO()
            if delimiter_tab:
                kw["delim"] = "\t"
            run(mode, [path], out=out, err=err, bad_tsv=tsv, **kw)
            if with_tsv:
                return out.getvalue(), err.getvalue(), tsv.getvalue()
            return out.getvalue(), err.getvalue()

    # 1,2,3,4
    out, err = run_text("stats", "1\n2\n3\n4\n")
    assert out == "*\t4\t10\t30\t1\t4\t2.5\t1.6666666666666667\t1.2909944487358056\n", out
    assert err == "", err
    out, _ = run_text("square", "1\n2\n3\n4\n")
    assert out == "1\n4\n9\n16\n", out
    # 0.1 squared once is 0.01; -3.5 -> 12.25; 100 stays 100
    out, _ = run_text("square", "0.1\r\n-3.5\r\n100\r\n1e2\r\n-0\r\n2.5e-3\r\n.5\r\n5.\r\n")
    assert out == "0.01\n12.25\n10000\n10000\n0\n0.00000625\n0.25\n25\n", out
    out, _ = run_text("stats", "0.1\n")
    assert out == "*\t1\t0.1\t0.01\t0.1\t0.1\t0.1\t\\N\t\\N\n", out
    # keep-record
    out, _ = run_text("square", "a, 3\nb,x\n", keep_record=True)
    assert out == "a, 3,9\n", out
    # single value: \N
    out, _ = run_text("stats", "k,7\n", key_col="1")
    assert out == "k\t1\t7\t49\t7\t7\t7\t\\N\t\\N\n", out
    # equal values: variance 0
    out, _ = run_text("stats", "5\n5\n")
    assert out == "*\t2\t10\t50\t5\t5\t5\t0\t0\n", out
    # mean rounding: 2/3 and a half-even tie at 17 digits
    assert canonical(*round_fraction(Fraction(2, 3))) == "0.66666666666666667"
    assert canonical(*round_fraction(Fraction(123456789012345685, 10))) == "12345678901234568"
    assert canonical(*round_fraction(Fraction(123456789012345675, 10))) == "12345678901234568"
    assert canonical(*round_fraction(Fraction(123456789012345665, 10))) == "12345678901234566"
    assert canonical(*round_fraction(Fraction(-5, 2))) == "-2.5"
    assert canonical(*round_fraction(Fraction(99999999999999999_5, 10))) == "1" + "0" * 17
    # sqrt: exact squares, a tie, and random cases against 60-digit decimal
    assert canonical(*round_sqrt_fraction(Fraction(9, 4))) == "1.5"
    assert canonical(*round_sqrt_fraction(Fraction(1, 100))) == "0.1"
    assert canonical(*round_sqrt_fraction(Fraction(2))) == "1.414213562373095"  # ...0950488
    # a genuine tie: sqrt(x) = 1.00000000000000005 exactly -> half-even -> 1
    t = Fraction(100000000000000005, 10**17) ** 2
    assert canonical(*round_sqrt_fraction(t)) == "1", canonical(*round_sqrt_fraction(t))
    t = Fraction(100000000000000015, 10**17) ** 2
    assert canonical(*round_sqrt_fraction(t)) == "1.0000000000000002"
    ctx = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN, Emax=10**6, Emin=-10**6)

    def to_17(d):
        """(coefficient, exponent) of Decimal d rounded to 17 digits."""
        q = ctx.quantize(d, decimal.Decimal(1).scaleb(d.adjusted() - 16))
        t = q.as_tuple()
        c = int("".join(map(str, t.digits)))
        return (-c if t.sign else c), t.exponent

    rnd = random.Random(20240601)
    checked = 0
    for _ in range(3000):
        num = rnd.randrange(1, 10 ** rnd.randrange(1, 40))
        den = rnd.randrange(1, 10 ** rnd.randrange(1, 40))
        x = Fraction(num, den)
        for ref, mine in ((ctx.sqrt(ctx.divide(decimal.Decimal(num), decimal.Decimal(den))),
                           round_sqrt_fraction(x)),
                          (ctx.divide(decimal.Decimal(num), decimal.Decimal(den)),
                           round_fraction(x))):
            # skip the (astronomically rare) cases within 1e-40 relative of a tie
            c, e = to_17(ref)
            dist = ctx.abs(ctx.subtract(ref, decimal.Decimal(c).scaleb(e)))
            half = decimal.Decimal(5).scaleb(e - 1)
            if ctx.abs(ctx.subtract(dist, half)) < decimal.Decimal(1).scaleb(ref.adjusted() - 40):
                continue
            assert canonical(*mine) == canonical(c, e), (x, mine, (c, e))
            checked += 1
    assert checked > 5900, checked
    # parsing
    assert split_fields(' a , "b,""c""" ,  d ', ",") == ["a", 'b,"c"', "d"]
    assert split_fields("a,,", ",") == ["a", "", ""]
    for text, reason in [('"abc', "UNTERMINATED_QUOTE"), ('"a"b,1', "MALFORMED_QUOTE"),
                         ('a,"1" x', "MALFORMED_QUOTE"),
                         # D1: a quote inside an unquoted field
                         ('x"y,1', "MALFORMED_QUOTE"), ('y",5', "MALFORMED_QUOTE"),
                         ('a,1"', "MALFORMED_QUOTE"), ('x"y,"abc', "MALFORMED_QUOTE"),
                         ('"a"b,"c', "MALFORMED_QUOTE"), ('a,"b', "UNTERMINATED_QUOTE")]:
        try:
            split_fields(text, ",")
            raise AssertionError(text)
        except BadRecord as exc:
            assert exc.reason == reason, (text, exc.reason)
    for text, reason in [("", "EMPTY_VALUE"), ("abc", "NOT_A_NUMBER"), ("1,5", "NOT_A_NUMBER"),
                         ("0x10", "NOT_A_NUMBER"), ("1e", "NOT_A_NUMBER"), (".", "NOT_A_NUMBER"),
                         ("1_000", "NOT_A_NUMBER"), ("\u0661", "NOT_A_NUMBER"),
                         ("NaN", "NOT_FINITE"), ("-inf", "NOT_FINITE"), ("Infinity", "NOT_FINITE"),
                         ("1e1000", "OUT_OF_RANGE"), ("1e-1001", "OUT_OF_RANGE"),
                         ("1" * 1001, "OUT_OF_RANGE"), ("1e99999999999", "OUT_OF_RANGE")]:
        try:
            parse_value(text)
            raise AssertionError(text)
        except BadRecord as exc:
            assert exc.reason == reason, (text, exc.reason)
    assert parse_value("1e999") == (1, 999)
    assert parse_value("1e-1000") == (1, -1000)
    assert parse_value("1." + "0" * 2000) == (1, 0)
    assert parse_value("0e99999999999") == (0, 0)
    assert parse_value("-12.500") == (-125, -1)
    assert canonical(-125, -1) == "-12.5" and canonical(0, 7) == "0" and canonical(12, 3) == "12000"
    assert canonical(5, -3) == "0.005"
    # bad counts, invalid UTF-8, BOM, blank lines, header by name
    out, err = run_text("stats", b"\xef\xbb\xbfk,v\r\n\r\n  \r\na,1\r\nb,\xff\r\na,\r\nb\r\na,\"2\r\n",
                        header=True, key_col="k", value_col="v")
    assert out == "a\t1\t1\t1\t1\t1\t1\t\\N\t\\N\n", out
    assert err == "EMPTY_VALUE\t1\nINVALID_ENCODING\t1\nMISSING_COLUMN\t1\nUNTERMINATED_QUOTE\t1\n", err
    # UTF-8 byte order of keys, not UTF-16 order
    # control characters in a key: binary data, not text (TAB, LF, VT, FF, CR are text); judged
    # after the columns, before the value; other columns are not judged
    out, err = run_text("stats", b"a\x00b,1\nc,\x7f2\n\x1b,3\n\xc2\x85x,4\n\"q\x01,5\nv\x0bw,6\nf\x0c,7\n"
                        b"\xc2\xa0,8\n\x01\xff,9\n\x01,x\nk,1,\x1b[31m\n\x01\n", key_col="1", value_col="2")
    assert out == "f\x0c\t1\t7\t49\t7\t7\t7\t\\N\t\\N\n" "k\t1\t1\t1\t1\t1\t1\t\\N\t\\N\n" \
        "v\x0bw\t1\t6\t36\t6\t6\t6\t\\N\t\\N\n" "\xa0\t1\t8\t64\t8\t8\t8\t\\N\t\\N\n", out
    assert err == ("CONTROL_CHARACTER\t4\nINVALID_ENCODING\t1\nMISSING_COLUMN\t1\nNOT_A_NUMBER\t1\n"
                   "UNTERMINATED_QUOTE\t1\n"), err
    out, err = run_text("stats", b"a\x01\t1\n", key_col="1", delimiter_tab=True)
    assert out == "" and err == "CONTROL_CHARACTER\t1\n", (out, err)  # TAB is text
    out, err = run_text("stats", b"\x01\x02,4\n")  # no key: nothing to judge
    assert out == "*\t1\t4\t16\t4\t4\t4\t\\N\t\\N\n" and err == "", (out, err)
    out, _ = run_text("stats", "\U0001F600,1\n\uFF21,2\nZ,3\n", key_col="1")
    assert [line.split("\t")[0] for line in out.splitlines()] == ["Z", "\uFF21", "\U0001F600"], out
    # D1 end to end: the second physical line of "x\ny",5 is bad, never a group y"
    out, err = run_text("stats", '"x\ny",5\n', key_col="1")
    assert out == "", out
    assert err == "MALFORMED_QUOTE\t1\nUNTERMINATED_QUOTE\t1\n", err
    # a quote after blanks in an unquoted field's position still opens a quoted field
    assert split_fields(' \t"a",1', ",") == ["a", "1"]
    assert split_fields('\t"a" \t1', "\t") == ["", "a", "1"]  # a tab delimiter is no blank

    # D2 --multiline: records spanning lines, line = first physical line, offsets
    data = b'\xef\xbb\xbfk,v\r\n"x\ny",5\r\n"a\r\nb""c",1\rplain,2\n\n  \n"q\r\r\n",3\n z ,"4"\n'
    out, err, tsv = run_text("stats", data, header=True, key_col="k", value_col="v",
                             multiline=True, with_tsv=True)
    assert out == ("a\\r\\nb\"c\t1\t1\t1\t1\t1\t1\t\\N\t\\N\n"
                   "plain\t1\t2\t4\t2\t2\t2\t\\N\t\\N\n"
                   "q\\r\\r\\n\t1\t3\t9\t3\t3\t3\t\\N\t\\N\n"
                   "x\\ny\t1\t5\t25\t5\t5\t5\t\\N\t\\N\n"
                   "z\t1\t4\t16\t4\t4\t4\t\\N\t\\N\n"), out
    assert err == "" and tsv == "", (err, tsv)
    recs = list(iter_records_multiline(data, 3, ","))
    assert [(line, start) for start, _, line in recs] == [
        (1, 3), (2, 8), (4, 17), (6, 29), (7, 37), (8, 38), (9, 41), (12, 50)], recs
    # unterminated at the end of the file: the rest of the file is one record
    data = b'a,1\n"b\n,2\nc,3\n'
    out, err, tsv = run_text("square", data, keep_record=True, multiline=True, with_tsv=True)
    assert out == "a,1,1\n", out
    assert err == "UNTERMINATED_QUOTE\t1\n", err
    assert tsv.endswith("\t2\t4\tUNTERMINATED_QUOTE\t10\n"), tsv
    # ... and the same file without --multiline: fragments are bad, never groups
    data = b'a,1\n"b\nz",2\nc,3\n'
    out, err = run_text("square", data, keep_record=True, multiline=True)
    assert out == 'a,1,1\n"b\\nz",2,4\nc,3,9\n' and err == "", (out, err)
    out, err, tsv = run_text("square", data, keep_record=True, with_tsv=True)
    assert out == "a,1,1\nc,3,9\n", out
    assert err == "MALFORMED_QUOTE\t1\nUNTERMINATED_QUOTE\t1\n", err
    assert [row.split("\t")[1:] for row in tsv.splitlines()] == [
        ["2", "4", "UNTERMINATED_QUOTE", "2"], ["3", "7", "MALFORMED_QUOTE", "4"]], tsv
    # a quote that is not at a field's start opens nothing: the record ends at the line break
    out, err = run_text("square", b'a"b,1"\n2\n', multiline=True)
    assert out == "4\n" and err == "MALFORMED_QUOTE\t1\n", (out, err)
    # tab delimiter: a tab is not a blank, so '\t"' is a field start
    out, err = run_text("stats", b'k\t"x\ty\n"\t1\n', delimiter_tab=True, key_col="2",
                        value_col="3", multiline=True)
    assert out == "x\\ty\\n\t1\t1\t1\t1\t1\t1\t\\N\t\\N\n", out

    # D3 LINE_TOO_LONG: checked first, BOM counts for the first line, header still consumed
    long_line = b"k," + b"9" * 1100
    data = b"\xef\xbb\xbf" + b"x" * 1021 + b"\n" + long_line + b"\r\n" + b"a" * 1023 + b",1\n" + b"b,2"
    out, err, tsv = run_text("stats", data, key_col="1", max_line_bytes=1024, with_tsv=True)
    assert out == "b\t1\t2\t4\t2\t2\t2\t\\N\t\\N\n", out
    assert err == "LINE_TOO_LONG\t2\nNOT_A_NUMBER\t1\n", err
    rows = [row.split("\t")[1:] for row in tsv.splitlines()]
    assert rows == [["1", "0", "NOT_A_NUMBER", "1024"], ["2", "1025", "LINE_TOO_LONG", "1102"],
                    ["3", "2129", "LINE_TOO_LONG", "1025"]], rows
    out, err = run_text("stats", b"\xef\xbb\xbf" + b"h" * 1022 + b"\n1\n", header=True,
                        max_line_bytes=1024)
    assert out == "*\t1\t1\t1\t1\t1\t1\t\\N\t\\N\n" and err == "", (out, err)
    try:
        run_text("stats", b"h" * 2000 + b"\n1\n", header=True, value_col="h", max_line_bytes=1024)
        raise AssertionError("a too-long header has no names")
    except InputError:
        pass
    try:  # a name the header gives to two columns: which one is meant would be a guess
        run_text("stats", "k,v,v\na,1,2\n", header=True, key_col="k", value_col="v")
        raise AssertionError("an ambiguous column name")
    except InputError as exc:
        assert "'v' names 2 columns" in str(exc), exc
    out, _ = run_text("stats", "k,v,v\na,1,2\n", header=True, key_col="k", value_col="3")
    assert out.startswith("a\t1\t2\t"), out
    # multiline: the whole record counts, and an unterminated rest of file can be too long
    data = b'"' + b"a\n" * 600 + b'",1\nb,2\n"' + b"c" * 1100
    out, err, tsv = run_text("square", data, multiline=True, max_line_bytes=1024, with_tsv=True)
    assert out == "4\n" and err == "LINE_TOO_LONG\t2\n", (out, err)
    assert [row.split("\t")[1:] for row in tsv.splitlines()] == [
        ["1", "0", "LINE_TOO_LONG", "1204"], ["603", "1209", "LINE_TOO_LONG", "1101"]], tsv

    # D5: keys and kept records escaped; * and \N unchanged
    out, _ = run_text("stats", b'"a\tb",1\n"c\\d",2\n"\\N",3\n', key_col="1")
    assert out == ("\\\\N\t1\t3\t9\t3\t3\t3\t\\N\t\\N\n"
                   "a\\tb\t1\t1\t1\t1\t1\t1\t\\N\t\\N\n"
                   "c\\\\d\t1\t2\t4\t2\t2\t2\t\\N\t\\N\n"), out
    out, _ = run_text("square", b'"a\tb",\x0b\\,1\n', keep_record=True, value_col="3")
    assert out == '"a\\tb",\x0b\\\\,1,1\n', out
    assert escape_output("\\\t\n\r*\x7f") == "\\\\\\t\\n\\r*\x7f"

    # compressed inputs are read decompressed; a truncated one is an input error
    import bz2
    import gzip
    with tempfile.TemporaryDirectory() as d:
        plain = b"\xef\xbb\xbfk,1\r\nk,x\n"
        for name, blob in (("in.csv.gz", gzip.compress(plain)), ("in.csv.bz2", bz2.compress(plain))):
            path = os.path.join(d, name)
            with open(path, "wb") as fh:
                fh.write(blob)
            out, err, tsv = io.StringIO(), io.StringIO(), io.StringIO()
            run("stats", [path], key_col="1", out=out, err=err, bad_tsv=tsv)
            assert out.getvalue() == "k\t1\t1\t1\t1\t1\t1\t\\N\t\\N\n", out.getvalue()
            assert tsv.getvalue() == path + "\t2\t8\tNOT_A_NUMBER\t3\n", tsv.getvalue()
            with open(path, "wb") as fh:
                fh.write(blob[:-6])
            try:
                run("stats", [path], out=io.StringIO(), err=io.StringIO())
                raise AssertionError("truncated " + name)
            except InputError as exc:
                assert "truncated or corrupt" in str(exc), exc
    # quantiles: linear interpolation between closest ranks, exact
    qs = parse_quantiles(DESCRIBE)
    assert [quantile_text([Fraction(x) for x in (4, 1, 3, 2)], p) for p in qs] == ["1.75", "2.5", "3.25"]
    assert [quantile_text([Fraction(15, 2)], p) for p in parse_quantiles("0,0.5,1")] == ["7.5"] * 3
    assert quantile_text([], Fraction(1, 2)) == NULL
    assert parse_quantiles(" 0 ,1.000,5e-1") == [0, 1, Fraction(1, 2)]
    for bad in ("x", "1.5", "-0.1", "", "nan"):
        try:
            parse_quantiles(bad)
            raise AssertionError(bad)
        except UsageError:
            pass
    # against statistics.quantiles(method="inclusive"), the same definition at p = i/m, on Fractions
    import statistics
    for _ in range(300):
        data = [Fraction(rnd.randrange(-10**6, 10**6), 10 ** rnd.randrange(0, 5))
                for _ in range(rnd.randrange(2, 40))]
        m = rnd.randrange(2, 12)
        ref = statistics.quantiles(data, n=m, method="inclusive")
        assert [quantile(data, Fraction(i, m)) for i in range(1, m)] == ref, (data, m)
    out, _ = run_text("stats", "a,4\na,1\nb,7\na,3\na,2\n", key_col="1", quantiles=qs)
    assert out == ("a\t4\t10\t30\t1\t4\t2.5\t1.6666666666666667\t1.2909944487358056\t1.75\t2.5\t3.25\n"
                   "b\t1\t7\t49\t7\t7\t7\t\\N\t\\N\t7\t7\t7\n"), out
    print("self-test: all checks passed (%d random rounding cases)" % checked)


# --------------------------------------------------------------------------
# CLI

USAGE = """usage: oracle.py stats|square [--delimiter C] [--header] [--key-column COL]
                 [--value-column COL] [--keep-record] [--multiline]
                 [--max-line-bytes N] [--bad-records-tsv OUT]
                 [--quantiles P,... | --describe] FILE...
       oracle.py --self-test
COL is a 1-based index, or a header name with --header. The delimiter is one
character (',' by default; 'tab' or '\\t' for a tab). N >= 1024 (default
8388608). OUT receives file, line, byte_offset, reason, record_bytes of every
bad record, tab-separated. stats --quantiles adds one column per quantile (each
P a decimal in [0, 1]), exact, by linear interpolation between closest ranks;
--describe means --quantiles 0.25,0.5,0.75."""


def parse_args(argv):
    if not argv:
        raise UsageError("missing mode")
    mode, rest = argv[0], argv[1:]
    if mode not in ("stats", "square"):
        raise UsageError("unknown mode %r (expected stats or square)" % mode)
    opts = {"delim": ",", "header": False, "key_col": None, "value_col": None,
            "keep_record": False, "multiline": False,
            "max_line_bytes": MAX_LINE_BYTES_DEFAULT, "bad_tsv": None, "quantiles": None}
    files = []
    i = 0
    while i < len(rest):
        a = rest[i]
        if a in ("--max-line-bytes", "--bad-records-tsv"):
            if i + 1 >= len(rest):
                raise UsageError("%s needs a value" % a)
            v = rest[i + 1]
            i += 2
            if a == "--bad-records-tsv":
                opts["bad_tsv"] = v
            elif not _INDEX.fullmatch(v) or int(v) < MAX_LINE_BYTES_MIN:
                raise UsageError("--max-line-bytes must be an integer >= %d" % MAX_LINE_BYTES_MIN)
            else:
                opts["max_line_bytes"] = int(v)
        elif a == "--multiline":
            opts["multiline"] = True
            i += 1
        elif a == "--describe":
            if opts["quantiles"] is not None:
                raise UsageError("give one of --describe and --quantiles")
            opts["quantiles"] = parse_quantiles(DESCRIBE)
            i += 1
        elif a == "--quantiles":
            if i + 1 >= len(rest):
                raise UsageError("%s needs a value" % a)
            if opts["quantiles"] is not None:
                raise UsageError("give one of --describe and --quantiles")
            opts["quantiles"] = parse_quantiles(rest[i + 1])
            i += 2
        elif a in ("--delimiter", "--key-column", "--value-column"):
            if i + 1 >= len(rest):
                raise UsageError("%s needs a value" % a)
            v = rest[i + 1]
            i += 2
            if a == "--delimiter":
                if v in ("tab", "\\t"):
                    v = "\t"
                if len(v) != 1 or v in ('"', "\r", "\n"):
                    raise UsageError("--delimiter must be one character other than a quote or newline")
                opts["delim"] = v
            elif a == "--key-column":
                opts["key_col"] = v
            else:
                opts["value_col"] = v
        elif a == "--header":
            opts["header"] = True
            i += 1
        elif a == "--keep-record":
            opts["keep_record"] = True
            i += 1
        elif a == "--":
            files.extend(rest[i + 1:])
            break
        elif a.startswith("--"):
            raise UsageError("unknown option %s" % a)
        else:
            files.append(a)
            i += 1
    if not files:
        raise UsageError("no input FILE")
    if opts["keep_record"] and mode != "square":
        raise UsageError("--keep-record only applies to square")
    if opts["quantiles"] is not None and mode != "stats":
        raise UsageError("--quantiles and --describe only apply to stats")
    for name in ("key_col", "value_col"):
        v = opts[name]
        if v is not None and _INDEX.fullmatch(v) and int(v) < 1:
            raise UsageError("column indexes are 1-based")
    return mode, files, opts


def main(argv):
    if argv[:1] in (["-h"], ["--help"]):
        print(USAGE)
        return 0
    if argv[:1] == ["--self-test"]:
        self_test()
        return 0
    try:
        mode, files, opts = parse_args(argv)
        tsv_name = opts.pop("bad_tsv")
        if tsv_name is None:
            run(mode, files, **opts)
        else:
            with open(tsv_name, "w", encoding="utf-8", newline="") as tsv:
                run(mode, files, bad_tsv=tsv, **opts)
    except UsageError as exc:
        sys.stderr.write("oracle.py: %s\n%s\n" % (exc, USAGE))
        return 2
    except InputError as exc:
        sys.stderr.write("oracle.py: %s\n" % exc)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
