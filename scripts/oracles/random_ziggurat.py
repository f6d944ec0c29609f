#!/usr/bin/env python3
"""Writes FSL's ziggurat tables (Sources/Tensor/Random/RandomZiggurat{Normal,Exponential}.swift).

FSL's standard normal and standard exponential samplers are NumPy's 256-layer ziggurats
(numpy/random/src/distributions/distributions.c), so they need NumPy's exact tables: a
one-ulp change in one `wi` entry changes every draw from that layer. This script

  1. recomputes all six tables from the ziggurat definition with 256-bit arithmetic
     (Marsaglia & Tsang's construction as in Julia's test/random.jl: equal-area layers
     x_i = f^-1(v / x_{i+1} + f(x_{i+1})), f(x) = exp(-x^2/2) or exp(-x), r = 3.6541528853...
     and 7.6971174701...), then
  2. reads the tables NumPy was built with out of the installed NumPy's compiled
     `numpy.random._generator` module (located by matching the recomputed values), and
  3. checks them against each other: the exponential tables must be identical (NumPy's
     `ke` is 2 * trunc(x_i / x_{i+1} * 2^52)); the normal tables, which NumPy computed in
     double precision, must agree to 1e-13 relative (their error grows toward the top layers).

It writes NumPy's values (BSD-3-Clause, Copyright (c) NumPy Developers), which make FSL's
normals equal NumPy's bit for bit; Tests/fixtures/random/*.json checks that.

Usage: scripts/oracles/random_ziggurat.py [--out Sources/Tensor/Random]  (needs numpy and mpmath)
"""
import argparse
import math
import pathlib
import struct

import mpmath
import numpy as np
import numpy.random._generator as gen_module

mpmath.mp.prec = 256
NOR_R = mpmath.mpf(
    "3.65415288536100879635194725185604664812733315920964488827246397029393565706474")
EXP_R = mpmath.mpf(
    "7.69711747013104971404462804811408952334296818528283253278834867283241051210533")


def definition_tables(r, f, finv, area, kscale, wscale, kfactor):
    """k, w, f of a 256-layer ziggurat for density f with base strip edge r."""
    k, w, fv = [0] * 256, [mpmath.mpf(0)] * 256, [mpmath.mpf(0)] * 256
    x1 = r
    w[255], fv[255] = x1 / wscale, f(x1)
    k[0] = kfactor * int(mpmath.floor(x1 * fv[255] / area * kscale))
    w[0], fv[0] = area / fv[255] / wscale, mpmath.mpf(1)
    for i in range(254, 0, -1):
        x = finv(area / x1 + fv[i + 1])
        k[i + 1] = kfactor * int(mpmath.floor(x / x1 * kscale))
        w[i], fv[i] = x / wscale, f(x)
        x1 = x
    k[1] = 0
    return k, [float(v) for v in w], [float(v) for v in fv]


def normal_definition():
    area = NOR_R * mpmath.exp(-NOR_R**2 / 2) + mpmath.erfc(NOR_R / mpmath.sqrt(2)) * mpmath.sqrt(
        mpmath.pi / 2)
    return definition_tables(
        NOR_R, lambda x: mpmath.exp(-0.5 * x * x), lambda y: mpmath.sqrt(-2 * mpmath.log(y)),
        area, mpmath.mpf(2)**52, mpmath.mpf(2)**52, 1)


def exponential_definition():
    area = (EXP_R + 1) * mpmath.exp(-EXP_R)
    return definition_tables(
        EXP_R, lambda x: mpmath.exp(-x), lambda y: -mpmath.log(y), area, mpmath.mpf(2)**52,
        mpmath.mpf(2)**53, 2)


def find_table(blob, expected, is_int, rel_tol):
    """The unique 256-entry array in `blob` whose entries are all within rel_tol of expected."""
    kind = "<u8" if is_int else "<f8"
    hits = []
    for align in range(8):
        usable = (len(blob) - align) // 8 * 8
        arr = np.frombuffer(blob[align:align + usable], dtype=kind)
        first = float(expected[0])
        with np.errstate(invalid="ignore", over="ignore"):
            near = np.abs(arr.astype(np.float64) - first) <= rel_tol * abs(first)
        cand = np.nonzero(near)[0]
        for i in cand:
            window = arr[i:i + 256]
            if len(window) < 256:
                continue
            ok = all(
                abs(float(a) - float(e)) <= rel_tol * abs(float(e))
                for a, e in zip(window, expected))
            if ok:
                hits.append([int(v) for v in window] if is_int else [float(v) for v in window])
    distinct = {tuple(h) for h in hits}
    if len(distinct) != 1:
        raise SystemExit(f"expected one matching table in NumPy's binary, found {len(distinct)}")
    return hits[0]


def ulps(a, b):
    bits = [struct.unpack("<q", struct.pack("<d", v))[0] for v in (a, b)]
    return abs(bits[0] - bits[1])


def swift_doubles(name, values, doc):
    lines = [f"  /// {doc}", f"  static let {name}: [Double] = ["]
    for i in range(0, 256, 3):
        lines.append("    " + " ".join(f"{v.hex()}," for v in values[i:i + 3]))
    lines.append("  ]")
    return lines


def grouped(v):
    """16 hex digits in groups of four, as swift-format wants: 0x000E_F33D_8025_EF6A."""
    digits = f"{v:016X}"
    return "0x" + "_".join(digits[i:i + 4] for i in range(0, 16, 4)) + ","


def swift_uints(name, values, doc):
    lines = [f"  /// {doc}", f"  static let {name}: [UInt64] = ["]
    for i in range(0, 256, 4):
        lines.append("    " + " ".join(grouped(v) for v in values[i:i + 4]))
    lines.append("  ]")
    return lines


def write_file(path, title, kind, k, w, f, names):
    head = [
        f"// {title} (generated: do not edit).",
        "//",
        "// Written by scripts/oracles/random_ziggurat.py. These are NumPy's",
        f"// `{names[0]}`, `{names[1]}`, `{names[2]}` (NumPy {np.__version__},",
        "// numpy/random/src/distributions/ziggurat_constants.h; Copyright (c) 2005-2025 NumPy",
        "// Developers, BSD-3-Clause), checked there against the ziggurat definition. Hex float",
        "// literals, so every entry is exact. See docs/random.md.",
        "",
        f"/// 256-layer ziggurat tables for the standard {kind} (layer 0: base strip and tail).",
        f"enum Ziggurat{kind.capitalize()} {{",
    ]
    accept = "Acceptance bounds: a draw `m` in layer `i` is accepted if `m < k[i]`."
    body = swift_uints("k", k, accept)
    body += [""] + swift_doubles("w", w, "Scale: the sample is `m * w[i]`.")
    body += [""] + swift_doubles("f", f, "Density at the layer edges, for the wedge test.")
    path.write_text("\n".join(head + body + ["}", ""]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="Sources/Tensor/Random")
    args = ap.parse_args()
    blob = pathlib.Path(gen_module.__file__).read_bytes()
    out = pathlib.Path(args.out)

    nk, nw, nf = normal_definition()
    ki = find_table(blob, nk, True, 1e-9)
    wi = find_table(blob, nw, False, 1e-9)
    fi = find_table(blob, nf, False, 1e-9)
    print("normal: max ulps wi", max(ulps(a, b) for a, b in zip(wi, nw)),
          "fi", max(ulps(a, b) for a, b in zip(fi, nf)),
          "ki max rel", max(abs(a - b) / b for a, b in zip(ki, nk) if b))
    for got, want in ((wi, nw), (fi, nf), (ki, nk)):
        assert all(abs(a - b) <= 1e-13 * abs(b) for a, b in zip(got, want)), "normal tables"

    ek, ew, ef = exponential_definition()
    ke = find_table(blob, ek, True, 1e-9)
    we = find_table(blob, ew, False, 1e-9)
    fe = find_table(blob, ef, False, 1e-9)
    assert (ke, we, fe) == (ek, ew, ef), "exponential tables differ from the definition"
    print("exponential: identical to the definition")

    write_file(out / "RandomZigguratNormal.swift", "Ziggurat tables for the standard normal",
               "normal", ki, wi, fi, ("ki_double", "wi_double", "fi_double"))
    write_file(out / "RandomZigguratExponential.swift",
               "Ziggurat tables for the standard exponential", "exponential", ke, we, fe,
               ("ke_double", "we_double", "fe_double"))


if __name__ == "__main__":
    main()
