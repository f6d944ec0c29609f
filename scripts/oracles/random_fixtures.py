#!/usr/bin/env python3
"""Oracle for Sources/Tensor/Random/*.swift: NumPy's Generator draws as JSON fixtures.

Writes Tests/fixtures/random/:
  seed<S>.json  for S in 0, 1, 42: a list of operations run in order on ONE stream,
                np.random.default_rng(S), with NumPy's outputs. RandomTests replays them on
                RandomStream(seed: S) and compares bit for bit (the order matters: NumPy keeps
                the spare half of a 64-bit draw for the next 32-bit request across calls).
  seeding.json  SeedSequence words, PCG64 state/increment and the first raw outputs for a few
                seeds and one long entropy list.
  math.json     (x, y, f(x[, y])) from this machine's libm for log1p, exp, log and pow, which
                NumPy's distributions call; RandomMathTests measures RandomMath against them.

Doubles are stored as 16 hex digits of their IEEE-754 bit pattern (exact and short);
integers as JSON integers. Operation records:
  {"op": name, <parameters>, "n": count, "f64": [bits...]} or "i64": [ints...]
Names and parameters mirror the NumPy call made (see OPS below).

Usage: scripts/oracles/random_fixtures.py [--out Tests/fixtures/random]
"""
import argparse
import ctypes
import json
import pathlib
import platform
import struct

import numpy as np


def bits(x):
    return struct.pack(">d", float(x)).hex()


def f64(values):
    return [bits(v) for v in np.asarray(values, dtype=np.float64).ravel()]


def i64(values):
    return [int(v) for v in np.asarray(values, dtype=np.int64).ravel()]


# Each entry: (record without outputs, function of the generator giving the outputs).
OPS = [
    ({"op": "random", "n": 1000}, lambda g: f64(g.random(1000))),
    ({"op": "integers", "low": 0, "high": 10, "n": 1000}, lambda g: i64(g.integers(0, 10, 1000))),
    ({"op": "standard_normal", "n": 1000}, lambda g: f64(g.standard_normal(1000))),
]
for low, high, n in [
    (-1000, 1000, 200), (0, 2**32 - 1, 100), (0, 2**32, 100), (0, 2**32 + 1, 100),
    (5, 2**32 + 5, 100), (-2**40, 2**40, 100), (-2**63, 2**63 - 1, 100), (7, 8, 3), (0, 3, 1),
]:
    OPS.append(({"op": "integers", "low": low, "high": high, "n": n},
                lambda g, low=low, high=high, n=n: i64(g.integers(low, high, n))))
OPS += [
    ({"op": "random", "n": 3}, lambda g: f64(g.random(3))),
    ({"op": "permutation", "n": 10}, lambda g: i64(g.permutation(10))),
    ({"op": "permutation", "n": 1000}, lambda g: i64(g.permutation(1000))),
]
P5 = [0.1, 0.2, 0.3, 0.4, 0.0]
for n, size, replace, p in [
    (10, 5, True, None), (10, 5, False, None), (100, 100, False, None), (20000, 1000, False, None),
    (20000, 30, False, None), (5, 8, True, P5), (5, 3, False, P5), (4, 4, False, [0.25] * 4),
    (1, 1, False, None), (3, 0, False, None),
]:
    rec = {"op": "choice", "population": n, "n": size, "replace": replace}
    if p is not None:
        rec["p"] = f64(p)
    OPS.append((rec, lambda g, n=n, size=size, replace=replace, p=p: i64(
        g.choice(n, size, replace=replace, p=p))))
for alpha in [[1.0, 2.0, 3.0], [0.5, 0.5, 0.5], [0.05, 0.02, 0.01], [0.05, 0.5]]:
    OPS.append(({"op": "dirichlet", "alpha": f64(alpha), "n": 5},
                lambda g, alpha=alpha: f64(g.dirichlet(alpha, 5))))
for shape in [0.5, 2.5, 1.0, 0.05]:
    OPS.append(({"op": "standard_gamma", "shape": bits(shape), "n": 100},
                lambda g, shape=shape: f64(g.standard_gamma(shape, 100))))
OPS += [
    ({"op": "standard_exponential", "n": 200}, lambda g: f64(g.standard_exponential(200))),
    ({"op": "beta", "a": bits(0.3), "b": bits(0.7), "n": 100},
     lambda g: f64(g.beta(0.3, 0.7, 100))),
    ({"op": "beta", "a": bits(2.0), "b": bits(0.5), "n": 50}, lambda g: f64(g.beta(2.0, 0.5, 50))),
    ({"op": "normal", "mean": bits(3.0), "std": bits(2.0), "n": 100},
     lambda g: f64(g.normal(3.0, 2.0, 100))),
    ({"op": "uniform", "lo": bits(-2.0), "hi": bits(5.0), "n": 100},
     lambda g: f64(g.uniform(-2.0, 5.0, 100))),
    ({"op": "random", "n": 5}, lambda g: f64(g.random(5))),
]


def seed_fixture(seed):
    g = np.random.default_rng(seed)
    ops = []
    for record, run in OPS:
        out = run(g)
        key = "i64" if isinstance(out[0] if out else 0, int) else "f64"
        ops.append({**record, key: out})
    return {"seed": seed, "numpy": np.__version__, "ops": ops}


def seeding_fixture():
    cases = []
    for entropy in [0, 1, 42, 2**32 + 5, 2**64 - 1, [1, 2, 3, 4, 5, 6]]:
        ss = np.random.SeedSequence(entropy)
        bg = np.random.PCG64(ss)
        state = bg.state["state"]
        words = [int(w) for w in np.random.SeedSequence(entropy).generate_state(4, np.uint64)]
        raw = [int(v) for v in bg.random_raw(8)]
        if isinstance(entropy, list):
            spec = {"entropy": entropy}
        else:
            spec = {"seed": str(entropy)}
        cases.append({
            **spec,
            "state_words": [f"{w:016x}" for w in words],
            "pcg_state": f"{state['state']:032x}",
            "pcg_increment": f"{state['inc']:032x}",
            "raw": [f"{v:016x}" for v in raw],
        })
    return {"numpy": np.__version__, "cases": cases}


def math_fixture():
    libm = ctypes.CDLL("libm.so.6")
    for name in ("log1p", "exp", "log"):
        getattr(libm, name).restype = ctypes.c_double
        getattr(libm, name).argtypes = [ctypes.c_double]
    libm.pow.restype = ctypes.c_double
    libm.pow.argtypes = [ctypes.c_double, ctypes.c_double]
    rs = np.random.RandomState(12345)  # inputs only; any fixed source works
    u = rs.randint(1, 2**53, size=1000).astype(np.float64) * 2.0**-53
    log1p_x = np.concatenate([-u[:800], rs.uniform(-0.999, 3.0, 150), -u[800:] * 2.0**-30])
    exp_x = np.concatenate([-0.5 * rs.uniform(0, 3.7, 300) ** 2, rs.uniform(-745, 709, 200)])
    log_x = np.concatenate([u[:300], rs.uniform(0, 50, 150), u[300:350] * 2.0**-1040])
    pow_x = np.concatenate([u[:400], rs.uniform(0.3, 3, 100)])
    pow_y = np.concatenate([1 / rs.uniform(0.01, 1, 400), rs.uniform(1, 20, 100)])
    return {
        "platform": f"{platform.machine()} {platform.libc_ver()}",
        "log1p": [[bits(x), bits(libm.log1p(x))] for x in log1p_x],
        "exp": [[bits(x), bits(libm.exp(x))] for x in exp_x],
        "log": [[bits(x), bits(libm.log(x))] for x in log_x],
        "pow": [[bits(x), bits(y), bits(libm.pow(x, y))] for x, y in zip(pow_x, pow_y)],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="Tests/fixtures/random")
    args = ap.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    files = {f"seed{s}.json": seed_fixture(s) for s in (0, 1, 42)}
    files["seeding.json"] = seeding_fixture()
    files["math.json"] = math_fixture()
    for name, data in files.items():
        (out / name).write_text(json.dumps(data, separators=(",", ":")) + "\n")
        print(name, (out / name).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
