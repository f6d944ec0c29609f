#!/usr/bin/env python3
"""Oracle for Sources/Interp/NumberFormat.swift: prints JSON test cases computed with CPython.

Each case is {"kind", "value", "spec", "expected"}:
  kind      "number", "string", "bool" or "other" (an already rendered value such as a list)
  value     the string or bool; for numbers a JSON number, or "nan", "inf", "-inf", "-0.0"
  spec      a format spec, or null for formatNumber (FSL's repr)
  expected  the output, or null when FSL must throw FormatSpecError ("error" then says why)

FSL's number printing is Python's with a few documented departures (see applyFormatSpec):
integral results print without ".0" when there is no type and no '#', "d x X o b" take
integral floats as ints, and "n" without a precision treats an integral value as an int.
This script encodes exactly those rules on top of format()/repr(); everything else is CPython.

Usage: number_format.py [--count N] [--seed S] > Tests/fixtures/number_format.json
"""
import argparse
import json
import math
import random
import re
import struct

SPEC_RE = re.compile(
    r"(?:(?P<fill>.)?(?P<align>[<>=^]))?(?P<sign>[-+ ])?(?P<z>z)?(?P<alt>#)?(?P<zero>0)?"
    r"(?P<width>\d+)?(?P<grouping>[,_])?(?:\.(?P<prec>\d+))?(?P<type>[a-zA-Z%])?",
    re.S,
)


def fsl_repr(x):
    r = repr(x)
    return r[:-2] if r.endswith(".0") else r


def is_integral(x):
    return math.isfinite(x) and x == int(x)


def rebuild(m, keep_z=True, keep_prec=True):
    g = m.groupdict(default="")
    return "".join([
        g["fill"], g["align"], g["sign"], g["z"] if keep_z else "", g["alt"], g["zero"],
        g["width"], g["grouping"], "." + g["prec"] if keep_prec and g["prec"] else "",
        g["type"],
    ])


def format_int_text(digits, negative, spec):
    """format() of an integer given as text, including the negative zero ints cannot hold."""
    if not (negative and int(digits) == 0):
        n = int(digits)
        return format(-n if negative else n, spec)
    # Format -d for a digit d that is not the fill, then put the 0 back.
    m = SPEC_RE.fullmatch(spec)
    fill = m.group("fill") if m else None
    d = next(c for c in "123456789" if c != fill)
    return format(-int(d), spec).replace(d, "0")


def fsl_format_number(x, spec):
    """What FSL's applyFormatSpec(.number(x), spec) returns; raises ValueError for errors."""
    if spec == "":
        return fsl_repr(x)
    m = SPEC_RE.fullmatch(spec)
    t = m.group("type") if m else None
    if m and t and t in "dxXob":
        if m.group("prec") is not None or m.group("z"):
            raise ValueError("precision or z with an integer format code")
        if not is_integral(x):
            raise ValueError(f"format code '{t}' needs an integral number")
        return format(int(x), spec)
    if m and t == "n" and m.group("prec") is None and is_integral(x):
        return format(int(x), rebuild(m, keep_z=False))
    out = format(x, spec)  # raises for every other invalid spec
    if m and not t and not m.group("alt"):
        core = format(x, ("z" if m.group("z") else "") + (
            "." + m.group("prec") if m.group("prec") is not None else ""))
        if re.fullmatch(r"-?\d+\.0", core):
            plain = rebuild(m, keep_z=False, keep_prec=False)
            return format_int_text(core.lstrip("-")[:-2], core.startswith("-"), plain)
    return out


def fsl_format(kind, value, spec):
    if kind == "number":
        return fsl_format_number(value, spec)
    if kind == "bool":
        return format("true" if value else "false", spec)
    return format(value, spec)


def encode(x):
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0 and math.copysign(1, x) < 0:
        return "-0.0"
    return x


EDGE = [
    0.0, -0.0, math.inf, -math.inf, math.nan, 3.0, -3.0, 0.1, 0.5, 1.5, 2.5, -2.5, 2.675,
    1.005, 0.125, 0.375, 1e-07, 1e-05, 0.0001, 0.00009999, 1e16, 1e16 - 2, 9999999999999998.0,
    1.5e20, 1e300, 1e-300, 5e-324, 1.7976931348623157e308, 2.2250738585072014e-308,
    123456789012345.0, 1234567890123456.0, 2.0 ** 53, 2.0 ** 53 + 2, 2.0 ** 63, 2.0 ** 64,
    2.0 ** 64 + 4096, 2.0 ** 100, -(2.0 ** 70), 1e22, 1e23, 0.3, 0.1 + 0.2, 1 / 3, 2 / 3,
    100.0, 1000000.0, 1234567.0, -1234567.891, 0.0005, 0.00015, 9.5, 99.5, 999.5, 0.05, 12345.678,
    255.0, -255.0, 4294967295.0, 1e15, 1e17, 123456.0,
]


def random_number(rng):
    r = rng.random()
    if r < 0.25:
        return rng.choice(EDGE)
    if r < 0.45:  # random mantissa at a random decimal magnitude
        return float(f"{rng.choice('-+')}{rng.randint(1, 10 ** rng.randint(1, 17))}"
                     f"e{rng.randint(-330, 310)}")
    if r < 0.55:  # random bit pattern
        x = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
        return x if math.isfinite(x) else 1.0
    if r < 0.7:  # integers of many sizes
        return float(rng.choice([-1, 1]) * rng.randint(0, 10 ** rng.randint(0, 22)))
    if r < 0.8:  # halves and short binary fractions: rounding ties
        return rng.randint(-10 ** rng.randint(0, 6), 10 ** rng.randint(0, 6)) / rng.choice(
            [2, 4, 8, 16, 32, 1024])
    return round(rng.uniform(-1, 1) * 10 ** rng.randint(-8, 12), rng.randint(0, 10))


FILLS = [" ", "*", "0", "x", "1", "_", ",", "=", "<", "é", "€", "中", "😀"]
NUMBER_TYPES = ["", "", "", "e", "E", "f", "F", "g", "G", "%", "n", "d", "x", "X", "o", "b"]
TEXT_TYPES = ["", "", "s"]
MALFORMED = [".", "10.2fx", ",_", "_,", ".f", "ss", "<<<", "+ 5", "5.2.1", "q", "c", "r",
             "10.", "##", "zz", ",,", "s", "=5", "+", "#", "z", ",", "_", "d", "x"]


def random_spec(rng, types):
    if rng.random() < 0.04:
        return rng.choice(MALFORMED)
    t = rng.choice(types)
    integer = t in ("d", "x", "X", "o", "b")  # precision and z are errors with these: rarely
    text = types is TEXT_TYPES  # sign, z, # and grouping are errors with text: rarely
    s = ""
    if rng.random() < 0.4:
        if rng.random() < 0.6:
            s += rng.choice(FILLS)
        s += rng.choice("<>^=")
    if rng.random() < (0.05 if text else 0.3):
        s += rng.choice("+- ")
    if rng.random() < (0.01 if integer or text else 0.08):
        s += "z"
    if rng.random() < (0.03 if text else 0.12):
        s += "#"
    if rng.random() < 0.2:
        s += "0"
    if rng.random() < 0.5:
        s += str(rng.randint(0, 25))
    if rng.random() < (0.05 if text else 0.25):
        s += rng.choice(",_")
    if rng.random() < (0.03 if integer else 0.45):
        s += "." + str(rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 17, 20, 30]))
    return s + t


STRINGS = ["abc", "", "hello world", "é", "中文字", "😀!", "a\tb", "x" * 30, "123", "nil"]
OTHERS = ['[1, "a", nil]', "{lr: 0.1}", "<fn f(x, y=2)>", "nil"]


# Cases named in the brief and docs, always included first.
FIXED = [
    ("number", 3.14159, ".3"), ("number", 2.675, ".2f"), ("number", 1234567.891, ",.2f"),
    ("number", 0.256, ".1%"), ("number", -42.0, "=+08"), ("number", 1234.0, "010,"),
    ("number", math.inf, "F"), ("number", math.nan, "E"), ("number", -0.0, "z.1f"),
    ("number", 255.0, "#x"), ("number", 2.5, "d"), ("number", 1e300, ",d"),
    ("number", 3.0, ""), ("number", 3.0, ">8"), ("number", 100.0, ".3"), ("number", 2.5, ".0f"),
    ("string", "abc", "中^9"), ("string", "abc", "=5"), ("bool", True, ">6"),
    ("other", "[1, 2]", "*<8"), ("number", 1.0, "10.2fx"),
]


def make_case(kind, value, spec):
    case = {"kind": kind, "value": encode(value) if kind == "number" else value, "spec": spec}
    try:
        case["expected"] = fsl_repr(value) if spec is None else fsl_format(kind, value, spec)
    except ValueError as e:
        case["expected"] = None
        case["error"] = str(e)
    return case


def generate(count, seed):
    rng = random.Random(seed)
    cases = [make_case(*fixed) for fixed in FIXED]
    cases += [make_case("number", x, None) for x in EDGE]
    cases += [make_case("number", random_number(rng), None) for _ in range(count // 4)]
    for x in EDGE:
        cases.append(make_case("number", x, ""))
    for _ in range(count):
        r = rng.random()
        if r < 0.8:
            spec = random_spec(rng, NUMBER_TYPES)
            x = random_number(rng)
            if spec[-1:] in ("d", "x", "X", "o", "b", "n") and rng.random() < 0.7:
                x = float(rng.choice([-1, 1]) * rng.randint(0, 10 ** rng.randint(0, 25)))
            cases.append(make_case("number", x, spec))
        elif r < 0.92:
            cases.append(make_case("string", rng.choice(STRINGS), random_spec(rng, TEXT_TYPES)))
        elif r < 0.96:
            cases.append(make_case("bool", rng.random() < 0.5, random_spec(rng, TEXT_TYPES)))
        else:
            cases.append(make_case("other", rng.choice(OTHERS), random_spec(rng, TEXT_TYPES)))
    return cases


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=300, help="random format cases (default 300)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    cases = generate(args.count, args.seed)
    print("[\n" + ",\n".join(json.dumps(c, ensure_ascii=False) for c in cases) + "\n]")


if __name__ == "__main__":
    main()
