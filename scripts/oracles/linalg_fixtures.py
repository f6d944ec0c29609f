#!/usr/bin/env python3
"""Oracle for Sources/Tensor/Linalg+*.swift: NumPy's linalg results on small seeded matrices.

Writes JSON with {"numpy": version, "seed": S, "cases": {name: case}}. Every array is
{"shape": [...], "data": [row-major floats]} (floats printed with repr, so they round-trip).
A case holds its inputs ("a", and "b"/"bm" right-hand sides where they apply) and NumPy's
results for the functions that accept it:
  square  inv, solve (vector and matrix b), det, slogdet, qr, svd, pinv, lstsq, plus
          eigh of sym = (a + a.T) / 2 and cholesky of spd = a @ a.T + n I
  tall / wide / rank-deficient  qr, svd, pinv, lstsq
  batch   a stack of 3x3 matrices: inv, det, solve, eigh/cholesky of its sym/spd forms
Signs of Q/R, U/Vt and eigenvectors are not unique; tests check factors by reconstruction and
orthonormality and compare R with normalised signs, S and eigenvalues directly.

Usage: linalg_fixtures.py [--seed S] > Tests/fixtures/linalg/linalg.json
"""
import argparse
import json

import numpy as np


def arr(x):
    x = np.asarray(x, dtype=np.float64)
    return {"shape": list(x.shape), "data": [float(v) for v in x.reshape(-1)]}


def well_conditioned(rng, m, n):
    """A random m x n matrix whose singular values lie in [1, 3]."""
    u, _ = np.linalg.qr(rng.standard_normal((m, m)))
    v, _ = np.linalg.qr(rng.standard_normal((n, n)))
    s = np.zeros((m, n))
    k = min(m, n)
    s[:k, :k] = np.diag(np.sort(rng.uniform(1, 3, k))[::-1])
    return u @ s @ v.T


def rect_case(rng, a):
    """The case for any matrix; returns it with its right-hand sides b (m) and bm (m x 2)."""
    m, n = a.shape
    b = rng.standard_normal(m)
    bm = rng.standard_normal((m, 2))
    q, r = np.linalg.qr(a)
    u, s, vt = np.linalg.svd(a, full_matrices=False)
    case = {
        "a": arr(a), "b": arr(b), "bm": arr(bm),
        "qr_r": arr(r), "svd_s": arr(s), "pinv": arr(np.linalg.pinv(a)),
    }
    for key, rhs in (("lstsq", b), ("lstsq_m", bm)):
        x, res, rank, sv = np.linalg.lstsq(a, rhs, rcond=None)
        case[key] = {"x": arr(x), "residuals": arr(res), "rank": int(rank), "s": arr(sv)}
    return case, b, bm


def square_case(rng, n):
    a = well_conditioned(rng, n, n)
    case, b, bm = rect_case(rng, a)
    sign, logdet = np.linalg.slogdet(a)
    sym = (a + a.T) / 2
    spd = a @ a.T + n * np.eye(n)
    case.update({
        "inv": arr(np.linalg.inv(a)),
        "solve": arr(np.linalg.solve(a, b)),
        "solve_m": arr(np.linalg.solve(a, bm)),
        "det": arr(np.linalg.det(a)), "slogdet": [float(sign), float(logdet)],
        "sym": arr(sym), "eigh_values": arr(np.linalg.eigh(sym)[0]),
        "spd": arr(spd), "cholesky": arr(np.linalg.cholesky(spd)),
    })
    return case


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seed", type=int, default=20240611)
    args = p.parse_args()
    rng = np.random.default_rng(args.seed)
    cases = {
        "square3": square_case(rng, 3),
        "square4": square_case(rng, 4),
        "tall5x3": rect_case(rng, well_conditioned(rng, 5, 3))[0],
        "wide3x5": rect_case(rng, well_conditioned(rng, 3, 5))[0],
    }
    # Rank 2 of 5 x 3: the third column is the sum of the first two.
    d = rng.standard_normal((5, 2))
    cases["rankdef5x3"] = rect_case(rng, np.column_stack([d, d[:, 0] + d[:, 1]]))[0]
    batch = np.stack([well_conditioned(rng, 3, 3) for _ in range(2)])
    bb = rng.standard_normal((2, 3))
    bsym = (batch + np.swapaxes(batch, -1, -2)) / 2
    bspd = batch @ np.swapaxes(batch, -1, -2) + 3 * np.eye(3)
    cases["batch2x3x3"] = {
        "a": arr(batch), "b": arr(bb),
        "inv": arr(np.linalg.inv(batch)), "det": arr(np.linalg.det(batch)),
        "solve": arr(np.linalg.solve(batch, bb[..., None])[..., 0]),
        "sym": arr(bsym), "eigh_values": arr(np.linalg.eigh(bsym)[0]),
        "spd": arr(bspd), "cholesky": arr(np.linalg.cholesky(bspd)),
        "svd_s": arr(np.linalg.svd(batch, compute_uv=False)),
        "pinv": arr(np.linalg.pinv(batch)),
    }
    out = {"numpy": np.__version__, "seed": args.seed, "cases": cases}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
