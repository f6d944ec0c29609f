#!/usr/bin/env python3
"""NumPy oracle for FSL's everyday NumPy functions (issue 13).

Writes Tests/fixtures/everyday.json, read by Tests/BuiltinsTests/EverydayOracleTests.swift
(same case format as scripts/oracles/tensor_ops.py: statements, an FSL expression, and NumPy's
shape, dtype and flattened values, or a substring of the error FSL must raise). Inputs are
random (seeded) and written into the case as FSL literals, so the test needs no Python.
List results are checked item by item (`(expr)[k]`, plus `len(expr)`), histogram's dict by
field. Run by hand: python3 scripts/oracles/everyday_fixtures.py
"""

import json
import math
import os
import warnings

import numpy as np

rng = np.random.default_rng(20260113)
warnings.simplefilter("ignore", RuntimeWarning)  # NaN results are cases, not accidents
CASES = []
DTYPES = {np.float64: "f64", np.float32: "f32", np.int64: "i64", np.bool_: "bool"}


# ---- FSL source for NumPy values ------------------------------------------------------------
def num(x):
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x.is_integer() and abs(x) < 2**53:
        return str(int(x)) if x != 0 or math.copysign(1, x) > 0 else "-0.0"
    return repr(x)


def nested(a):
    if a.ndim == 0:
        v = a.item()
        return ("true" if v else "false") if a.dtype == np.bool_ else num(v)
    return "[" + ", ".join(nested(s) for s in a) + "]"


def src(a):
    """An FSL expression for the NumPy array `a`, keeping its dtype."""
    a = np.asarray(a)
    d = DTYPES[a.dtype.type]
    if a.size == 0:
        dims = ", ".join(str(s) for s in a.shape)
        return f'zeros({dims}, dtype="{d}")'
    dt = "" if d in ("f64", "bool") and a.ndim > 0 else f', dtype="{d}"'
    if a.ndim == 0 and d == "f64":
        dt = ""
    return f"tensor({nested(a)}{dt})"


# ---- recording cases ------------------------------------------------------------------------
def encode(x):
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return int(x) if x.is_integer() and abs(x) < 2**53 else x


def ok(expr, result, pre=""):
    res = np.asarray(result)
    assert res.dtype.type in DTYPES, (expr, res.dtype)
    CASES.append({"pre": pre, "expr": expr, "shape": list(res.shape),
                  "dtype": DTYPES[res.dtype.type], "values": [encode(v) for v in res.ravel()]})


def ok_list(expr, results, pre=""):
    ok(f"len({expr})", np.int64(len(results)), pre)
    for k, r in enumerate(results):
        ok(f"({expr})[{k}]", r, pre)


def err(expr, sub, pre=""):
    CASES.append({"pre": pre, "expr": expr, "error": sub})


def defs(**arrays):
    return "\n".join(f"{k} = {src(v)}" for k, v in arrays.items())


def normal(shape, nan=0.0, dtype=np.float64):
    a = rng.standard_normal(shape).astype(dtype)
    if nan:
        a[rng.random(shape) < nan] = np.nan
    return a


def shape_of(rank, lo=1, hi=5):
    return tuple(int(s) for s in rng.integers(lo, hi + 1, rank))


def as_dtype(a, d):
    return {"f64": a.astype(np.float64), "i64": a.astype(np.int64), "f32": a.astype(np.float32),
            "bool": a.astype(bool)}[d]


# ---- bincount -------------------------------------------------------------------------------
for i in range(14):
    n = int(rng.integers(0, 26))
    x = rng.integers(0, int(rng.integers(1, 12)), n)
    d = ["i64", "f64", "f64", "bool"][i % 4]
    xs = as_dtype(x, d)
    minlength = int(rng.choice([0, 0, 3, 15]))
    if i % 3 == 0:
        w = normal(n)
        ok(f"bincount(x, weights=w, minlength={minlength})",
           np.bincount(xs.astype(np.int64), weights=w, minlength=minlength), defs(x=xs, w=w))
    else:
        ok(f"bincount(x, minlength={minlength})",
           np.bincount(xs.astype(np.int64), minlength=minlength), defs(x=xs))
ok("bincount(zeros(0))", np.bincount(np.zeros(0, np.int64)))
ok("bincount(zeros(0), minlength=4)", np.bincount(np.zeros(0, np.int64), minlength=4))
ok("bincount([1000])", np.bincount([1000]))
ok("bincount([2, 2, 2], weights=[0.5, 0.25, 0.125])", np.bincount([2, 2, 2], [0.5, 0.25, 0.125]))
ok("bincount(tensor([3, 0], dtype=\"i64\"), weights=tensor([1, 2], dtype=\"i64\"))",
   np.bincount([3, 0], weights=np.array([1, 2])))
err("bincount([1, 2, -1])", "bincount: x must have no negative elements, got -1 at index 2")
err("bincount([1.5])", "bincount: x must be integers, got 1.5")
err("bincount([[1, 2]])", "bincount: x must be 1-d, got shape [1, 2]")
err("bincount([1, 2], weights=[1])", "bincount: weights must have the shape of x")
err("bincount([1, 2], minlength=-1)", "'minlength' must not be negative, got -1")
err("bincount([nan])", "bincount: x must be integers, got nan")

# ---- histogram ------------------------------------------------------------------------------
def hist(expr, pre, *args, **kw):
    counts, edges = np.histogram(*args, **kw)
    ok(f"({expr}).counts", counts, pre)
    ok(f"({expr}).edges", edges, pre)


for i in range(16):
    shp = shape_of(int(rng.integers(1, 3)), 0 if i % 5 == 0 else 1, 8)
    x = normal(shp) * 3
    bins = int(rng.integers(1, 13))
    density = bool(i % 4 == 3)
    dens = ", density=true" if density else ""
    if i % 2:
        lo = float(np.round(rng.uniform(-4, 0), 2))
        hi = float(np.round(rng.uniform(0.5, 4), 2))
        hist(f"histogram(x, bins={bins}, range=[{num(lo)}, {num(hi)}]{dens})", defs(x=x),
             x, bins=bins, range=(lo, hi), density=density)
    else:
        hist(f"histogram(x, bins={bins}{dens})", defs(x=x), x, bins=bins, density=density)
x = rng.integers(-5, 6, 30)
hist("histogram(x)", defs(x=x), x)
hist("histogram(x, bins=4)", defs(x=x), x, bins=4)
hist("histogram(x, bins=[-5, -1, 0, 0, 3, 5])", defs(x=x), x, bins=[-5.0, -1, 0, 0, 3, 5])
hist("histogram(x, bins=tensor([-2, 0, 2], dtype=\"i64\"), density=true)", defs(x=x), x,
     bins=np.array([-2, 0, 2]), density=True)
xf = normal(20, dtype=np.float32)
hist("histogram(x, bins=5)", defs(x=xf), xf, bins=5)
xn = normal(25, nan=0.2)
hist("histogram(x, bins=3, range=[-1, 1])", defs(x=xn), xn, bins=3, range=(-1, 1))
hist("histogram(x, bins=[-1, -0.5, 0.25, 2])", defs(x=xn), xn, bins=[-1, -0.5, 0.25, 2])
hist("histogram([2, 2, 2], bins=2)", "", [2.0, 2, 2], bins=2)
hist("histogram(zeros(0), bins=3)", "", np.zeros(0), bins=3)
hist("histogram(zeros(0), bins=3, density=true)", "", np.zeros(0), bins=3, density=True)
hist("histogram([1, 2, 3, 4], bins=[1, 2, 3, 4])", "", [1.0, 2, 3, 4], bins=[1.0, 2, 3, 4])
hist("histogram([1, 2, 3, 4], bins=[4, 4])", "", [1.0, 2, 3, 4], bins=[4.0, 4])
hist("histogram([1, 2, 3], bins=[2])", "", [1.0, 2, 3], bins=[2.0])
hist("histogram([0.1, 0.2, 0.3, 0.7], bins=10, range=[0, 1])", "", [0.1, 0.2, 0.3, 0.7],
     bins=10, range=(0, 1))
hist("histogram([1e-300, 2e-300], bins=7)", "", [1e-300, 2e-300], bins=7)
err("histogram([1, 2], bins=0)", "histogram: bins must be positive, got 0")
err("histogram([1, 2], bins=-3)", "histogram: bins must be positive, got -3")
err("histogram([1, 2], bins=2.5)", "histogram: bins must be an integer, got 2.5")
err("histogram([1, 2], bins=[0, 2, 1])", "histogram: bins must increase monotonically")
err("histogram([1, nan], bins=2)", "histogram: autodetected range of [nan, nan] is not finite")
err("histogram([1, inf])", "histogram: autodetected range of [1, inf] is not finite")
err("histogram([1, 2], range=[3, 1])", "histogram: range must be [lo, hi] with lo ≤ hi")
err("histogram([1, 2], range=[0, nan])", "histogram: supplied range of [0, nan] is not finite")
err("histogram([1, 2], bins=[[0, 1]])", "histogram: bins must be 1-d")

# ---- searchsorted ---------------------------------------------------------------------------
for i in range(18):
    n = int(rng.integers(0, 13))
    a = np.sort(rng.integers(0, 7, n)).astype(np.float64)
    if i % 5 == 4 and n:
        a[-1] = np.nan
    v = rng.integers(-1, 9, shape_of(int(rng.integers(0, 3)), 1, 4)) / 2
    if i % 3 == 0 and v.size:
        v.flat[0] = np.nan
    side = ["left", "right"][i % 2]
    if i % 4 == 1:
        a, v = a[~np.isnan(a)].astype(np.int64), np.nan_to_num(np.floor(v)).astype(np.int64)
    ok(f'searchsorted(a, v, side="{side}")', np.searchsorted(a, v, side=side), defs(a=a, v=v))
ok("searchsorted([1, 2, 3], 2)", np.searchsorted([1.0, 2, 3], 2.0))
ok('searchsorted([1, 2, 3], 2, side="right")', np.searchsorted([1.0, 2, 3], 2.0, side="right"))
ok("searchsorted(zeros(0), [1, 2])", np.searchsorted(np.zeros(0), [1.0, 2]))
ok("searchsorted([1, nan, nan], nan)", np.searchsorted([1, np.nan, np.nan], np.nan))
ok('searchsorted([1, nan, nan], nan, side="right")',
   np.searchsorted([1, np.nan, np.nan], np.nan, side="right"))
ok("searchsorted([-inf, 0, inf], [-inf, inf])", np.searchsorted([-np.inf, 0, np.inf],
                                                                 [-np.inf, np.inf]))
err('searchsorted([1, 2], 1, side="middle")',
    'searchsorted: side must be "left" or "right", got "middle"')
err("searchsorted([[1, 2]], 1)", "searchsorted: a must be 1-d, got shape [1, 2]")

# ---- array_split ----------------------------------------------------------------------------
for i in range(16):
    shp = shape_of(int(rng.integers(1, 4)), 0 if i % 6 == 0 else 1, 7)
    d = ["f64", "i64", "bool", "f32"][i % 4]
    x = as_dtype(rng.integers(-9, 10, shp), d)
    axis = int(rng.integers(-len(shp), len(shp)))
    if i % 2:
        k = int(rng.integers(1, 8))
        ok_list(f"array_split(x, {k}, axis={axis})", np.array_split(x, k, axis=axis), defs(x=x))
    else:
        n = shp[axis]
        idx = [int(j) for j in rng.integers(-n - 2, n + 3, int(rng.integers(0, 4)))]
        ok_list(f"array_split(x, {src(np.array(idx, np.int64)) if idx else 'list()'}, axis={axis})",
                np.array_split(x, idx, axis=axis), defs(x=x))
ok_list("array_split(arange(10), [3, 5, 6, 10])", np.array_split(np.arange(10.0), [3, 5, 6, 10]))
ok_list("array_split(arange(3), 5)", np.array_split(np.arange(3.0), 5))
ok_list("array_split(arange(5), [-2, 10, 1])", np.array_split(np.arange(5.0), [-2, 10, 1]))
err("array_split(arange(5), 0)", "array_split: the number of sections must be positive, got 0")
err("array_split(arange(5), 2, axis=1)", "axis 1 is out of bounds for tensor of dimension 1")
err("array_split(tensor(3), 2)", "axis 0 is out of bounds for tensor of dimension 0")
err("array_split(arange(5), [1.5])", "array_split: indices must be integers, got 1.5")

# ---- take_along_axis / put_along_axis -------------------------------------------------------
for i in range(16):
    shp = shape_of(int(rng.integers(1, 4)), 1, 5)
    d = ["f64", "i64", "f32", "bool"][i % 4]
    x = as_dtype(rng.integers(-9, 10, shp), d)
    axis = int(rng.integers(-len(shp), len(shp)))
    ishape = [s if rng.random() < 0.7 else 1 for s in shp]
    ishape[axis] = int(rng.integers(0, 6))
    n = shp[axis]
    idx = rng.integers(-n, n, ishape)
    ok(f"take_along_axis(x, i, {axis})", np.take_along_axis(x, idx, axis), defs(x=x, i=idx))
x = normal((3, 5))
for ax in [0, 1, -1]:
    ok(f"take_along_axis(x, argsort(x, axis={ax}), {ax})",
       np.take_along_axis(x, np.argsort(x, axis=ax, kind="stable"), ax), defs(x=x))
ok("take_along_axis(x, [[0], [4], [2]], 1)", np.take_along_axis(x, np.array([[0], [4], [2]]), 1),
   defs(x=x))
ok("take_along_axis(x, [1, 0, 14], nil)", np.take_along_axis(x, np.array([1, 0, 14]), None),
   defs(x=x))
xb, ib = normal((1, 4)), rng.integers(-4, 4, (3, 2))
ok("take_along_axis(x, i, 1)", np.take_along_axis(xb, ib, 1), defs(x=xb, i=ib))
ok("take_along_axis([[1, 2], [3, 4]], [[1, 0]], 0)",
   np.take_along_axis(np.array([[1.0, 2], [3, 4]]), np.array([[1, 0]]), 0))
err("take_along_axis(zeros(2, 3), [0, 1], 1)",
    "take_along_axis: indices must have as many axes as x")
err("take_along_axis(zeros(2, 3), [[0, 5]], 1)", "index 5 is out of bounds for axis 1 with size 3")
err("take_along_axis(zeros(2, 3), zeros(3, 1), 1)",
    "take_along_axis: x of shape [2, 3] and indices of shape [3, 1] do not broadcast")
err("take_along_axis(zeros(2, 3), [[0.5]], 1)", "take_along_axis: indices must be integers")
err("take_along_axis(zeros(2, 3), [[0]], 2)", "axis 2 is out of bounds for tensor of dimension 2")

for i in range(14):
    shp = shape_of(int(rng.integers(1, 4)), 1, 5)
    d = ["f64", "i64", "f32", "bool"][i % 4]
    x = as_dtype(rng.integers(-9, 10, shp), d)
    axis = int(rng.integers(0, len(shp)))
    n = shp[axis]
    m = int(rng.integers(0, n + 1))
    # Distinct indices per lane (a repeated index keeps the last write in both, but NumPy does
    # not promise an order), some negative.
    ishape = list(shp)
    ishape[axis] = m
    idx = np.zeros(ishape, np.int64)
    lanes = np.moveaxis(idx, axis, -1)
    for pos in np.ndindex(lanes.shape[:-1]):
        lanes[pos] = rng.permutation(n)[:m]
    idx = np.where(rng.random(idx.shape) < 0.3, idx - n, idx)
    vshape = [s if rng.random() < 0.6 else 1 for s in ishape]
    v = rng.integers(-50, 50, vshape).astype(np.float64) / 4
    want = x.copy()
    np.put_along_axis(want, idx, v, axis)
    ok(f"put_along_axis(x, i, v, {axis})", want, defs(x=x, i=idx, v=v))
want = np.arange(12.0).reshape(3, 4)
np.put_along_axis(want, np.array([[1], [3], [0]]), -1, 1)
ok("put_along_axis(arange(12).reshape(3, 4), [[1], [3], [0]], -1, 1)", want)
want = np.arange(6).reshape(2, 3)
np.put_along_axis(want, np.array([5, 0]), 9, None)
ok('put_along_axis(tensor(arange(6).reshape(2, 3), dtype="i64"), [5, 0], 9, nil)', want)
err("put_along_axis(zeros(2, 3), [[0, 1]], [1, 2, 3], 1)",
    "put_along_axis: values of shape [3] cannot be broadcast to the indexed shape [2, 2]")
err("put_along_axis(zeros(2, 3), [[3]], 1, 1)", "index 3 is out of bounds for axis 1 with size 3")

# ---- add_at ---------------------------------------------------------------------------------
for i in range(14):
    n = int(rng.integers(1, 9))
    d = ["f64", "i64", "f32"][i % 3]
    x = as_dtype(rng.integers(-5, 6, n), d)
    k = int(rng.integers(0, 30))
    idx = rng.integers(-n, n, k)
    if i % 2:
        v = as_dtype(rng.integers(-20, 20, k), d) if d != "f64" else normal(k)
        want = x.copy()
        np.add.at(want, idx, v)
        ok("add_at(x, i, v)", want, defs(x=x, i=idx, v=v))
    else:
        want = x.copy()
        np.add.at(want, idx, 3)
        ok("add_at(x, i, 3)", want, defs(x=x, i=idx))
x = normal((4, 3))
idx = np.array([0, 3, 0, 0, 2])
v = normal((5, 3))
want = x.copy()
np.add.at(want, idx, v)
ok("add_at(x, i, v)", want, defs(x=x, i=idx, v=v))
want = x.copy()
np.add.at(want, idx, np.array([1.0, 2, 3]))
ok("add_at(x, i, [1, 2, 3])", want, defs(x=x, i=idx))
r, c = np.array([0, 1, 0, 3]), np.array([2, 2, 2, 0])
want = x.copy()
np.add.at(want, (r, c), np.array([1.0, 10, 100, 1000]))
ok("add_at(x, list([r, c]), [1, 10, 100, 1000])", want, defs(x=x, r=r, c=c))
want = x.copy()
np.add.at(want, (np.array([[0], [1]]), np.array([0, 1, 2])), 1.0)
ok('add_at(x, list([tensor([[0], [1]], dtype="i64"), tensor([0, 1, 2], dtype="i64")]), 1)',
   want, defs(x=x))
m = x > 0
want = x.copy()
np.add.at(want, m, 5.0)
ok("add_at(x, x > 0, 5)", want, defs(x=x))
want = x.copy()
np.add.at(want, np.nonzero(m), 5.0)
ok("add_at(x, nonzero(x > 0), 5)", want, defs(x=x))
ok("add_at(zeros(3), zeros(0), 1)", np.zeros(3))
ok("add_at(tensor([true, false, false]), [1, 2], tensor([true, false]))",
   np.array([True, True, False]))
err('add_at(tensor([1, 2], dtype="i64"), [0], 0.5)',
    "add_at: cannot add f64 values into an i64 tensor")
err("add_at(zeros(3), [0, 3], 1)", "index 3 is out of bounds for axis 0 with size 3")
err("add_at(zeros(3), [0, 1], [1, 2, 3])",
    "add_at: values of shape [3] cannot be broadcast to the indexed shape [2]")
err("add_at(zeros(3), list([[0], [0]]), 1)", "add_at: too many indices")

# ---- nonzero and isin -----------------------------------------------------------------------
for i in range(12):
    shp = shape_of(int(rng.integers(1, 4)), 0 if i % 5 == 0 else 1, 5)
    d = ["f64", "i64", "bool"][i % 3]
    x = as_dtype(rng.integers(-1, 2, shp) * rng.integers(0, 2, shp), d)
    if d == "f64" and x.size:
        x.flat[0] = np.nan
    ok_list("nonzero(x)", list(np.nonzero(x)), defs(x=x))
err("nonzero(tensor(1))", "nonzero: needs a tensor of rank ≥ 1")
for i in range(14):
    shp = shape_of(int(rng.integers(0, 3)), 0 if i % 6 == 0 else 1, 6)
    d = ["f64", "i64"][i % 2]
    x = as_dtype(rng.integers(-4, 5, shp), d)
    vals = as_dtype(rng.integers(-4, 5, shape_of(int(rng.integers(1, 3)), 0, 4)), d)
    ok("isin(x, v)", np.isin(x, vals), defs(x=x, v=vals))
ok("isin([1, nan, 0.0], [nan, -0.0])", np.isin([1, np.nan, 0.0], [np.nan, -0.0]))
ok('isin(tensor([1, 2], dtype="i64"), [2.0, 1.5])', np.isin(np.array([1, 2]), [2.0, 1.5]))
ok("isin([1, 2], zeros(0))", np.isin([1.0, 2], np.zeros(0)))
ok("isin(3, [1, 3])", np.isin(3.0, [1.0, 3]))

# ---- diff -----------------------------------------------------------------------------------
for i in range(18):
    shp = shape_of(int(rng.integers(1, 4)), 0 if i % 7 == 0 else 1, 6)
    d = ["f64", "i64", "f32", "bool"][i % 4]
    x = as_dtype(rng.integers(-9, 10, shp), d) if d != "f64" else normal(shp)
    n = int(rng.integers(0, 6))
    axis = int(rng.integers(-len(shp), len(shp)))
    ok(f"diff(x, n={n}, axis={axis})", np.diff(x, n=n, axis=axis), defs(x=x))
ok("diff([1, inf, nan])", np.diff([1, np.inf, np.nan]))
ok('diff(tensor([-9223372036854775807, 5], dtype="i64"))',
   np.diff(np.array([-9223372036854775807, 5])))
ok("diff(arange(4), n=100)", np.diff(np.arange(4.0), n=100))
err("diff(tensor(1))", "diff: needs a tensor of rank ≥ 1")
err("diff([1, 2], n=-1)", "diff: order n must be non-negative, got -1")
err("diff([1, 2], axis=1)", "axis 1 is out of bounds for tensor of dimension 1")

# ---- meshgrid -------------------------------------------------------------------------------
for i in range(12):
    k = int(rng.integers(1, 4))
    xs = [as_dtype(rng.integers(-5, 6, int(rng.integers(0 if i % 5 == 0 else 1, 5))),
                   ["f64", "i64"][(i + j) % 2]) for j in range(k)]
    indexing = ["xy", "ij"][i % 2]
    names = [f"m{j}" for j in range(k)]
    ok_list(f'meshgrid({", ".join(names)}, indexing="{indexing}")',
            np.meshgrid(*xs, indexing=indexing), defs(**dict(zip(names, xs))))
ok_list("meshgrid()", [])
ok_list("meshgrid([[1, 2], [3, 4]], 5)", np.meshgrid(np.array([[1.0, 2], [3, 4]]), 5.0))
err('meshgrid([1], indexing="yx")', 'meshgrid: indexing must be "xy" or "ij", got "yx"')

# ---- percentile / quantile ------------------------------------------------------------------
for fn, scale in [("quantile", 1.0), ("percentile", 100.0)]:
    for i in range(18):
        shp = shape_of(int(rng.integers(1, 4)), 1, 6)
        x = normal(shp, nan=0.05 if i % 6 == 5 else 0)
        if i % 7 == 3:
            x = rng.integers(-9, 10, shp)
        if i % 7 == 4:
            x = x.astype(np.float32)
        qs = rng.choice([0.0, 0.25, 0.5, 1.0, rng.random(), rng.random()],
                        shape_of(int(rng.integers(0, 3)), 1, 3)) * scale
        axes = [None, 0, -1, [0, -1]][i % 4]
        if axes is not None and len(shp) == 1:
            axes = 0
        ax = "" if axes is None else f", axis={axes}"
        npax = tuple(axes) if isinstance(axes, list) else axes
        ok(f"{fn}(x, q{ax})", getattr(np, fn)(x, qs, axis=npax), defs(x=x, q=qs))
    # Lanes longer than 64 take the selection path (a few quantiles), ties included.
    x = rng.integers(0, 20, (3, 150)).astype(np.float64)
    qs = np.array([0.0, 0.1, 0.5, 0.97]) * scale
    ok(f"{fn}(x, q, axis=1)", getattr(np, fn)(x, qs, axis=1), defs(x=x, q=qs))
    ok(f"{fn}(x, q[2])", getattr(np, fn)(x, qs[2]), defs(x=x, q=qs))
    x = normal(101)
    ok(f"{fn}(x, {num(0.37 * scale)})", getattr(np, fn)(x, 0.37 * scale), defs(x=x))
    ok(f"{fn}([5], {0.3 * scale})", getattr(np, fn)(np.array([5.0]), 0.3 * scale))
    ok(f"{fn}([1, 2, inf], {0.5 * scale})", getattr(np, fn)(np.array([1, 2, np.inf]), 0.5 * scale))
    ok(f"{fn}([1, inf], {scale})", getattr(np, fn)(np.array([1, np.inf]), 1.0 * scale))
    ok(f"{fn}([-inf, 1, 2], {0.25 * scale})",
       getattr(np, fn)(np.array([-np.inf, 1, 2]), 0.25 * scale))
    ok(f"{fn}([3, 1, 2, 9], [{0.1 * scale}, {0.9 * scale}])",
       getattr(np, fn)(np.array([3.0, 1, 2, 9]), [0.1 * scale, 0.9 * scale]))
    ok(f"{fn}(zeros(2, 0), {0.5 * scale}, axis=0)", getattr(np, fn)(np.zeros((2, 0)), 0.5 * scale,
                                                                     axis=0))
    top = "100" if scale == 100 else "1"
    err(f"{fn}([1, 2], {1.5 * scale})", f"{fn}: q must be in [0, {top}], got {num(1.5 * scale)}")
    err(f"{fn}([1, 2], -0.1)", f"{fn}: q must be in [0, {top}], got -0.1")
    err(f"{fn}([1, 2], nan)", f"{fn}: q must be in [0, {top}], got nan")
    err(f"{fn}(zeros(0), 0.5)", f"{fn}: cannot take a quantile of an empty lane")
    err(f"{fn}([true, false], 0.5)", f"{fn}: x must be numeric, got a bool tensor")

# ---- NaN-ignoring reductions ----------------------------------------------------------------
for fn in ["nansum", "nanmean", "nanmax", "nanmin", "nanstd"]:
    for i in range(12):
        shp = shape_of(int(rng.integers(1, 4)), 1, 6)
        x = normal(shp, nan=0.3)
        if i == 5:
            x = rng.integers(-9, 10, shp)
        if i == 6:
            x = normal(shp, nan=0.3).astype(np.float32)
        if i == 7:
            x = rng.random(shp) < 0.5
        if i == 8:
            x[...] = np.nan
        axes = [None, 0, -1, [0, -1]][i % 4]
        if axes is not None and len(shp) == 1:
            axes = -1
        keep = i % 3 == 2
        args = ("" if axes is None else f", axis={axes}") + (", keepdims=true" if keep else "")
        npax = tuple(axes) if isinstance(axes, list) else axes
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            want = getattr(np, fn)(x, axis=npax, keepdims=keep)
        ok(f"{fn}(x{args})", want, defs(x=x))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        ok(f"{fn}([nan, nan])", getattr(np, fn)(np.array([np.nan, np.nan])))
        if fn in ("nanmax", "nanmin"):
            ok(f"{fn}(zeros(0, 3), axis=1)", getattr(np, fn)(np.zeros((0, 3)), axis=1))
        else:
            ok(f"{fn}(zeros(0, 3), axis=0)", getattr(np, fn)(np.zeros((0, 3)), axis=0))
        ok(f"{fn}([1, inf, nan, 2])", getattr(np, fn)(np.array([1, np.inf, np.nan, 2])))
err("nanmax(zeros(0))", "nanmax: zero-size tensor (shape [0]) has no maximum")
err("nanmin(zeros(2, 0), axis=1)", "nanmin: zero-size tensor (shape [2, 0]) has no minimum")
err("nansum(zeros(2, 3), axis=2)", "axis 2 is out of bounds for tensor of dimension 2")

# ---- isclose / allclose ---------------------------------------------------------------------
for i in range(16):
    shp = shape_of(int(rng.integers(1, 3)), 1, 6)
    a = normal(shp) * 10.0 ** rng.integers(-9, 3)
    rel = rng.choice([0, 1e-6, 9e-6, 1e-5, 1.1e-5, 1e-3], shp)
    b = a * (1 + rel) + rng.choice([0, 5e-9, 2e-8], shp)
    if i % 4 == 3:
        b = b[..., :1]
    kw, args = {}, ""
    if i % 5 == 4:
        kw, args = {"rtol": 1e-3, "atol": 0.0}, ", rtol=1e-3, atol=0"
    ok(f"isclose(a, b{args})", np.isclose(a, b, **kw), defs(a=a, b=b))
    ok(f"allclose(a, b{args})", np.bool_(np.allclose(a, b, **kw)), defs(a=a, b=b))
special = np.array([np.inf, -np.inf, np.nan, np.inf, 0.0, 1e-9])
other = np.array([np.inf, np.inf, np.nan, 1e308, -0.0, 0.0])
ok("isclose(a, b)", np.isclose(special, other), defs(a=special, b=other))
ok("isclose(a, b, equal_nan=true)", np.isclose(special, other, equal_nan=True),
   defs(a=special, b=other))
ok("allclose([nan], [nan], equal_nan=true)", np.bool_(np.allclose([np.nan], [np.nan],
                                                                   equal_nan=True)))
ok('isclose(tensor([1, 2], dtype="i64"), tensor([1, 3], dtype="i64"))',
   np.isclose(np.array([1, 2]), np.array([1, 3])))
fa = np.array([1, 2, 3], np.float32)
fb = (fa * np.float32(1.00001)).astype(np.float32)
ok("isclose(a, b)", np.isclose(fa, fb), defs(a=fa, b=fb))
ok("isclose(2, 2.00000001)", np.isclose(2.0, 2.00000001))
err("isclose([1, 2], [1, 2, 3])", "operands could not be broadcast together with shapes [2] [3]")

# ---- clip with an open side -----------------------------------------------------------------
x = normal(7)
xi = rng.integers(-5, 6, 7)
xf = normal(5, dtype=np.float32)
for expr, want, pre in [
    ("clip(x, nil, 0.5)", np.clip(x, None, 0.5), defs(x=x)),
    ("clip(x, -0.5, nil)", np.clip(x, -0.5, None), defs(x=x)),
    ("clip(x, hi=0)", np.clip(x, None, 0), defs(x=x)),
    ("clip(x, nil, 2)", np.clip(xi, None, 2), defs(x=xi)),
    ("clip(x, nil, 2.5)", np.clip(xi, None, 2.5), defs(x=xi)),
    ("clip(x, 0, nil)", np.clip(xf, 0, None), defs(x=xf)),
    ("clip([1, nan, 3], nil, 2)", np.clip(np.array([1, np.nan, 3]), None, 2), ""),
    ("clip(x, 1, 0)", np.clip(x, 1, 0), defs(x=x)),
]:
    ok(expr, want, pre)
err("clip([1, 2], nil, nil)", "clip: at least one of 'lo' and 'hi' must be given")


def main():
    path = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "fixtures",
                        "everyday.json")
    doc = {"generator": "scripts/oracles/everyday_fixtures.py", "numpy": np.__version__,
           "prelude": "", "known_mismatches": []}
    with open(path, "w") as fh:
        fh.write(json.dumps(doc, indent=1)[:-2] + ',\n "cases": [\n')
        fh.write(",\n".join(json.dumps(c, separators=(",", ":"), ensure_ascii=False)
                            for c in CASES))
        fh.write("\n ]\n}\n")
    print(f"{len(CASES)} cases -> {os.path.normpath(path)} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
