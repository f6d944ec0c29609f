#!/usr/bin/env python3
"""Differential test of FSL tensors against NumPy 2 (issue 13).

Generates random small FSL programs — broadcasting, dtype promotion, indexing (basic, advanced,
mixed, masks, new axes), assignment (also `+=` on indexed places), reductions, running sums,
sort/argsort, where/clip, concat/stack, reshape/transpose, matmul, and linear algebra checked
by invariants — runs the same program in NumPy, and writes Tests/fixtures/numpy_diff.json:
one case per program, its FSL source (the result is in `out_r`) and NumPy's dtype, shape and
values, or the kind of error FSL must raise. Tests/TensorTests/NumpyDiffTests.swift runs them;
NumPy is needed only here. Seeded: the same NumPy gives the same file.

Where FSL's number model decides otherwise (docs/tensors.md "Agreement with NumPy"), the
generator leaves the case out; every such rule is in `excluded` with its reason.
Run by hand: python3 scripts/oracles/diff_numpy.py [--count N] [--seed S]
"""

import argparse
import json
import math
import os
import random
import warnings

import numpy as np

DTYPES = {"f64": np.float64, "f32": np.float32, "i64": np.int64, "bool": np.bool_}
NAMES = {np.dtype(v): k for k, v in DTYPES.items()}


# ---------------------------------------------------------------- values as FSL and NumPy text
def num(v):
    """A Python number as FSL text (integral floats without a point, as FSL prints)."""
    if isinstance(v, (bool, np.bool_)):
        return "true" if v else "false"
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def nested(a):
    if a.ndim == 0:
        return num(a.item())
    return "[" + ", ".join(nested(x) for x in a) + "]"


def lit(a):
    """An FSL expression for the NumPy array `a` (any dtype, rank ≥ 0, empty allowed)."""
    name = NAMES[a.dtype]
    if a.size == 0:
        dims = ", ".join(str(d) for d in a.shape)
        return f'zeros({dims}, dtype="{name}")' if a.ndim else f'zeros(dtype="{name}")'
    if a.ndim == 0:
        return f'tensor({num(a.item())}, dtype="{name}")'
    if name == "f64":
        return f"tensor({nested(a)})"
    if name == "bool":
        return nested(a)
    return f'tensor({nested(a)}, dtype="{name}")'


def scalar_py(v):
    """NumPy 2 treats Python scalars as weak; FSL numbers are integral or not (no int/float)."""
    if isinstance(v, bool):
        return v
    return int(v) if float(v) == int(v) else float(v)


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def shape(self, rank=None, lo=1, hi=4):
        if rank is None:
            rank = self.r.choice([1, 1, 2, 2, 2, 3])
        return tuple(self.r.randint(lo, hi) for _ in range(rank))

    def values(self, dtype, shape, nan=0.0):
        n = int(np.prod(shape)) if shape else 1
        r = self.r
        if dtype == "bool":
            vals = [r.random() < 0.5 for _ in range(n)]
        elif dtype == "i64":
            vals = [r.randint(-6, 9) for _ in range(n)]
        else:
            # Quarters are exact in f32 and f64, so literals mean the same in both.
            vals = [r.randint(-24, 36) / 4 for _ in range(n)]
            vals = [math.nan if r.random() < nan else v for v in vals]
        return np.array(vals, dtype=DTYPES[dtype]).reshape(shape)

    def dtype(self, weights=(4, 2, 3, 1)):
        return self.r.choices(["f64", "f32", "i64", "bool"], weights=weights)[0]

    def broadcastable(self, shape):
        """A shape that broadcasts with `shape` (drops leading axes, sets some to 1)."""
        r = self.r
        s = list(shape[r.randint(0, len(shape) - 1):]) if shape else []
        s = [1 if r.random() < 0.3 else d for d in s]
        if r.random() < 0.15:
            s = [r.randint(1, 3)] + s
        return tuple(s)


# ---------------------------------------------------------------- running a case in NumPy
def kind_of(e, context):
    """The FSL error kind for NumPy's exception `e` (FSL's kinds: docs/tensors.md)."""
    msg = str(e)
    if isinstance(e, np.linalg.LinAlgError):
        return "LinAlgError"
    if isinstance(e, IndexError) and not isinstance(e, np.exceptions.AxisError):
        return "IndexError"
    if isinstance(e, np.exceptions.AxisError):
        return "ValueError"
    if isinstance(e, TypeError):
        return "TypeError"
    if isinstance(e, ValueError):
        if "broadcast" in msg or "mismatch in its core dimension" in msg:
            return "ShapeError"
        if context == "shape":
            return "ShapeError"  # FSL: a shape that does not fit is a ShapeError
        return "ValueError"
    raise e


def expect(result):
    a = np.asarray(result)
    name = NAMES.get(a.dtype)
    if name is None:
        raise TypeError(f"unexpected dtype {a.dtype}")
    flat = a.reshape(-1).tolist()
    if name == "bool":
        vals = [bool(v) for v in flat]
    elif name == "i64":
        vals = [int(v) for v in flat]
    else:
        vals = [v if math.isfinite(v) else ("nan" if math.isnan(v) else ("inf" if v > 0 else "-inf"))
                for v in (float(x) for x in flat)]
    return {"dtype": name, "shape": list(a.shape), "values": vals}


class Cases:
    def __init__(self):
        self.cases = []
        self.sources = set()

    def add(self, area, src, fn, context=""):
        """`src` is FSL that leaves the result in `out_r`; `fn()` computes it with NumPy."""
        if src in self.sources:
            return
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with np.errstate(all="ignore"):
                try:
                    case = {"area": area, "src": src, **expect(fn())}
                except Exception as e:  # noqa: BLE001 - every NumPy error becomes a kind
                    case = {"area": area, "src": src, "error": kind_of(e, context)}
        self.sources.add(src)
        self.cases.append(case)


# ---------------------------------------------------------------- generators, one per area
BIN_OPS = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.true_divide,
           "//": np.floor_divide, "%": np.remainder, "^": np.power,
           "==": np.equal, "!=": np.not_equal, "<": np.less, "<=": np.less_equal,
           ">": np.greater, ">=": np.greater_equal}


def excluded_binary(op, da, db):
    """Operator cases FSL decides differently (docs/tensors.md "Agreement with NumPy")."""
    # bool // bool, bool % bool and bool ^ bool are int8 in NumPy; FSL has no int8 (i64).
    return da == "bool" and db == "bool" and op in ("//", "%", "^")


def gen_broadcast(g, c, n):
    ops = list(BIN_OPS)
    done = 0
    while done < n:
        op = g.r.choice(ops)
        da, db = g.dtype(), g.dtype()
        if excluded_binary(op, da, db):
            continue
        sa = g.shape()
        sb = g.broadcastable(sa) if g.r.random() < 0.85 else g.shape()
        a, b = g.values(da, sa, nan=0.05), g.values(db, sb, nan=0.05)
        if g.r.random() < 0.5:
            a, b, sa, sb = b, a, sb, sa
            da, db = db, da
        c.add("broadcast", f"a = {lit(a)}\nb = {lit(b)}\nout_r = a {op} b",
              lambda a=a, b=b, op=op: BIN_OPS[op](a, b))
        done += 1


def gen_scalars(g, c, n):
    done = 0
    while done < n:
        op = g.r.choice(["+", "-", "*", "/", "//", "%", "<", ">=", "=="])
        d = g.dtype(weights=(2, 3, 3, 1))
        a = g.values(d, g.shape())
        s = g.r.choice([2, -3, 0.5, 1.25, 0, 7])
        left = g.r.random() < 0.5
        src = f"a = {lit(a)}\nout_r = " + (f"a {op} {num(s)}" if left else f"{num(s)} {op} a")
        fn = (lambda a=a, s=s, op=op, left=left:
              BIN_OPS[op](a, scalar_py(s)) if left else BIN_OPS[op](scalar_py(s), a))
        c.add("scalars", src, fn)
        done += 1


def index_item(g, shape, axis, allow_adv=True):
    """One random index item for `axis`: (FSL text, NumPy object, axes consumed)."""
    r = g.r
    n = shape[axis] if axis < len(shape) else 1
    k = r.random()
    if k < 0.3:
        i = r.randint(-n - (1 if r.random() < 0.05 else 0), n - 1 + (1 if r.random() < 0.05 else 0))
        return num(i), i, 1
    if k < 0.6 or not allow_adv:
        a = r.choice([None, r.randint(-n - 1, n + 1)])
        b = r.choice([None, r.randint(-n - 1, n + 1)])
        s = r.choice([None, None, 1, 2, -1, -2])
        text = ("" if a is None else num(a)) + ":" + ("" if b is None else num(b))
        if s is not None:
            text += ":" + num(s)
        return text, slice(a, b, s), 1
    if k < 0.8:
        m = r.randint(0, 3)
        idx = [r.randint(-n, n - 1) for _ in range(m)]
        if r.random() < 0.4:
            return f'tensor({nested(np.array(idx))}, dtype="i64")' if idx else 'zeros(0, dtype="i64")', np.array(idx, dtype=np.int64), 1
        return ("[" + ", ".join(num(i) for i in idx) + "]") if idx else 'zeros(0, dtype="i64")', np.array(idx, dtype=np.int64), 1
    if k < 0.9:
        # A 2-d index array.
        rows = r.randint(1, 2)
        cols = r.randint(1, 3)
        idx = np.array([[r.randint(-n, n - 1) for _ in range(cols)] for _ in range(rows)],
                       dtype=np.int64)
        return nested(idx), idx, 1
    # A bool mask over this axis (occasionally two axes).
    if axis + 1 < len(shape) and r.random() < 0.3:
        m = np.array([r.random() < 0.5 for _ in range(shape[axis] * shape[axis + 1])]
                     ).reshape(shape[axis], shape[axis + 1])
        return nested(m), m, 2
    length = n if r.random() < 0.9 else n + 1
    m = np.array([r.random() < 0.5 for _ in range(length)])
    return nested(m), m, 1


def random_index(g, shape, adv=True):
    """A random `x[...]`: items for some leading (and, after `...`, trailing) axes, sometimes
    a new axis, sometimes one index too many. Returns the FSL text and NumPy's index tuple."""
    r = g.r
    ndim = len(shape)
    count = r.randint(1, ndim) + (1 if r.random() < 0.04 else 0)
    ellipsis = r.random() < 0.15
    split = r.randint(0, count) if ellipsis else count
    axes = list(range(split)) + list(range(max(split, ndim - (count - split)), ndim))
    axes += [ndim] * (count - len(axes))
    items = []
    i = 0
    while i < len(axes):
        ax = axes[i]
        sh = shape if ax < ndim else shape + (1,)
        item = index_item(g, sh, ax, allow_adv=adv)
        if item[2] == 2 and not (i + 1 < len(axes) and axes[i + 1] == ax + 1):
            continue
        items.append(item)
        i += item[2]
        if ellipsis and i == split:
            items.append(("...", Ellipsis, 0))
    if ellipsis and split == 0:
        items.insert(0, ("...", Ellipsis, 0))
    if r.random() < 0.15:
        items.insert(r.randint(0, len(items)), (r.choice(["nil", "newaxis"]), None, 0))
    return ", ".join(t for t, _, _ in items), tuple(o for _, o, _ in items)


def gen_index_read(g, c, n):
    for _ in range(n):
        d = g.dtype()
        x = g.values(d, g.shape(rank=g.r.choice([1, 2, 2, 3, 3, 4])))
        text, idx = random_index(g, x.shape)
        c.add("index", f"x = {lit(x)}\nout_r = x[{text}]", lambda x=x, idx=idx: x[idx])
    # The cases of issue 13 by hand, so they are always there.
    x = np.arange(24.0).reshape(2, 3, 4)
    for text, idx in [("1, :, [0, 2]", (1, slice(None), [0, 2])),
                      ("[[0], [1]], :, [1, 3]", ([[0], [1]], slice(None), [1, 3])),
                      ("[0, 1], 1:, [2, 3]", ([0, 1], slice(1, None), [2, 3])),
                      (":, [true, false, true], 1", (slice(None), np.array([True, False, True]), 1)),
                      (":, nil, 1", (slice(None), None, 1)),
                      ("..., newaxis", (Ellipsis, None)),
                      ("[true, false], [0, 2]", (np.array([True, False]), [0, 2])),
                      ("nil, [[1], [0]], 2", (None, [[1], [0]], 2))]:
        c.add("index", f"x = reshape(arange(24), 2, 3, 4)\nout_r = x[{text}]",
              lambda idx=idx: x[idx])


def broadcasts(a, b):
    try:
        np.broadcast_shapes(a, b)
        return True
    except ValueError:
        return False


def gen_index_write(g, c, n):
    done = 0
    while done < n:
        d = g.dtype(weights=(3, 1, 3, 1))
        x = g.values(d, g.shape(rank=g.r.choice([1, 2, 2, 3])))
        text, idx = random_index(g, x.shape)
        try:
            sel = x[idx]
        except Exception:  # noqa: BLE001
            sel = None
        op = g.r.choice(["=", "=", "+=", "+=", "*=", "-="])
        vd = g.dtype(weights=(3, 1, 3, 1))
        vshape = g.broadcastable(sel.shape) if sel is not None and sel.ndim else ()
        if g.r.random() < 0.1:
            vshape = g.shape(rank=1)
        v = g.values(vd, vshape)
        as_number = v.ndim == 0 and g.r.random() < 0.6
        vtext = num(v.item()) if as_number else lit(v)
        vpy = scalar_py(v.item()) if as_number else v
        if op != "=" and sel is not None and sel.ndim == 0:
            continue  # one element: x[i] += v converts the result as plain assignment (below)

        if op != "=" and sel is not None and not broadcasts(sel.shape, np.shape(vpy)):
            continue  # a shape and maybe a dtype error at once: FSL reports the shape first
        if sel is not None and sel.ndim == 0 and not as_number and v.size == 1 and v.ndim > 0:
            continue  # a one-element tensor is a number in FSL (x[i] = tensor([7]) works)
        if sel is not None and sel.size == 0 and v.ndim > sel.ndim:
            continue  # NumPy lets any empty value fill an empty selection; FSL broadcasts

        def fn(x=x.copy(), idx=idx, vpy=vpy, op=op):
            if op == "=":
                x[idx] = vpy
            elif op == "+=":
                x[idx] += vpy
            elif op == "-=":
                x[idx] -= vpy
            else:
                x[idx] *= vpy
            return x
        c.add("assign", f"x = {lit(x)}\nx[{text}] {op} {vtext}\nout_r = x", fn, context="shape")
        done += 1
    # Issue 13's cases by hand: the non-adjacent update and float into int in place.
    x = np.arange(24.0).reshape(2, 3, 4)

    def upd():
        y = x.copy()
        y[-1, :-2:-1, [0, 1]] += np.array([10.0, 20.0]).reshape(2, 1)
        return y
    c.add("assign", "x = reshape(arange(24), 2, 3, 4)\nx[-1, :-2:-1, [0, 1]] += [[10], [20]]"
          "\nout_r = x", upd)
    for src, e in [("x[[0, 2]] += 1.5", True), ("x[0:2] += 0.5", True), ("x[[0, 2]] = 1.5", False),
                   ("x[1] += 1.5", False), ("x[0:2] = [1.5, 2.5]", False),
                   ("x[[1]] /= 2", True), ("x[[1]] //= 2", False)]:
        def f(src=src):
            y = np.array([0, 1, 2], dtype=np.int64)
            exec(src.replace("x", "y"), {}, {"y": y})
            return y
        c.add("assign", f'x = tensor([0, 1, 2], dtype="i64")\n{src}\nout_r = x', f)


REDUCE = ["sum", "mean", "prod", "min", "max", "std", "var", "argmin", "argmax", "any", "all"]


def gen_reduce(g, c, n):
    done = 0
    while done < n:
        op = g.r.choice(REDUCE)
        d = g.dtype(weights=(3, 2, 3, 2))
        x = g.values(d, g.shape(rank=g.r.choice([1, 2, 2, 3])), nan=0.0)
        if op == "prod" and d != "bool":
            x = np.clip(x, -3, 3).astype(x.dtype)
        args, kw = "", {}
        k = g.r.random()
        if k < 0.6:
            ax = g.r.randint(-x.ndim, x.ndim - 1 + (1 if g.r.random() < 0.05 else 0))
            args += f", axis={ax}"
            kw["axis"] = ax
        elif k < 0.75 and x.ndim >= 2 and op not in ("argmin", "argmax"):
            axs = sorted(g.r.sample(range(x.ndim), 2))
            args += f", axis=[{axs[0]}, {axs[1]}]"
            kw["axis"] = tuple(axs)
        if g.r.random() < 0.3:
            args += ", keepdims=true"
            kw["keepdims"] = True
        if op in ("min", "max") and d == "bool" and "axis" not in kw and not kw.get("keepdims"):
            pass
        c.add("reduce", f"x = {lit(x)}\nout_r = {op}(x{args})",
              lambda x=x, op=op, kw=kw: getattr(np, op)(x, **kw))
        done += 1
    big = np.array([2**53, 1, 2], dtype=np.int64)
    for src, fn in [("sum(s, keepdims=true)", lambda: big.sum(keepdims=True)),
                    ("cumsum(s)", lambda: big.cumsum()),
                    ("prod(tensor([[2^40], [3]], dtype=\"i64\") * s[:2], axis=0)",
                     lambda: (np.array([[2**40], [3]]) * big[:2]).prod(axis=0)),
                    ("max(s + s, keepdims=true)", lambda: (big + big).max(keepdims=True)),
                    ("cumprod(s)", lambda: big.cumprod())]:
        c.add("reduce", f's = tensor([2^53, 1, 2], dtype="i64")\nout_r = {src}', fn)
    for _ in range(n // 5):
        op = g.r.choice(["cumsum", "cumprod"])
        d = g.dtype(weights=(3, 2, 3, 2))
        x = g.values(d, g.shape(rank=g.r.choice([1, 2, 3])))
        if op == "cumprod" and d != "bool":
            x = np.clip(x, -2, 2).astype(x.dtype)
        if g.r.random() < 0.5:
            ax = g.r.randint(-x.ndim, x.ndim - 1)
            c.add("reduce", f"x = {lit(x)}\nout_r = {op}(x, axis={ax})",
                  lambda x=x, op=op, ax=ax: getattr(np, op)(x, axis=ax))
        else:
            c.add("reduce", f"x = {lit(x)}\nout_r = {op}(x)", lambda x=x, op=op: getattr(np, op)(x))


def gen_sort(g, c, n):
    for _ in range(n):
        op = g.r.choice(["sort", "argsort"])
        d = g.dtype(weights=(3, 1, 3, 1))
        x = g.values(d, g.shape(rank=g.r.choice([1, 2, 3])), nan=0.1)
        if g.r.random() < 0.6:
            ax = g.r.randint(-x.ndim, x.ndim - 1)
            c.add("sort", f"x = {lit(x)}\nout_r = {op}(x, axis={ax})",
                  lambda x=x, op=op, ax=ax: getattr(np, op)(x, axis=ax, kind="stable"))
        else:
            c.add("sort", f"x = {lit(x)}\nout_r = {op}(x)",
                  lambda x=x, op=op: getattr(np, op)(x, axis=-1, kind="stable"))


def gen_where_clip(g, c, n):
    for _ in range(n):
        s = g.shape()
        if g.r.random() < 0.5:
            cond = g.values("bool", g.broadcastable(s))
            a = g.values(g.dtype(weights=(3, 1, 2, 1)), s)
            b = g.values(g.dtype(weights=(3, 1, 2, 1)), g.broadcastable(s))
            c.add("where", f"cond = {lit(cond)}\na = {lit(a)}\nb = {lit(b)}\nout_r = where(cond, a, b)",
                  lambda cond=cond, a=a, b=b: np.where(cond, a, b))
        else:
            d = g.dtype(weights=(3, 1, 3, 0))
            x = g.values(d, s, nan=0.05)
            lo, hi = sorted([g.r.randint(-4, 2), g.r.randint(-1, 6)])
            c.add("clip", f"x = {lit(x)}\nout_r = clip(x, {lo}, {hi})",
                  lambda x=x, lo=lo, hi=hi: np.clip(x, lo, hi))


def gen_concat(g, c, n):
    for _ in range(n):
        op = g.r.choice(["concat", "stack"])
        s = list(g.shape())
        parts = []
        ax = g.r.randint(-len(s), len(s) - 1) if op == "concat" else g.r.randint(-len(s) - 1, len(s))
        for _ in range(g.r.randint(1, 3)):
            t = list(s)
            if op == "concat":
                t[ax] = g.r.randint(0, 3)
            if g.r.random() < 0.08:
                t[0] += 1
            parts.append(g.values(g.dtype(weights=(3, 1, 2, 1)), tuple(t)))
        text = "[" + ", ".join(lit(p) for p in parts) + "]"
        fn = (lambda parts=parts, ax=ax, op=op:
              np.concatenate(parts, axis=ax) if op == "concat" else np.stack(parts, axis=ax))
        c.add("concat", f"out_r = {op}({text}, axis={ax})", fn, context="shape")


def gen_shape_ops(g, c, n):
    for _ in range(n):
        x = g.values(g.dtype(), g.shape(rank=g.r.choice([1, 2, 3])))
        k = g.r.random()
        if k < 0.4:
            size = x.size
            dims = [d for d in range(1, size + 1) if size % d == 0]
            a = g.r.choice(dims)
            shape = [a, size // a] if g.r.random() < 0.7 else [size // a, -1]
            if g.r.random() < 0.1:
                shape = [size + 1]
            text = ", ".join(str(v) for v in shape)
            c.add("reshape", f"x = {lit(x)}\nout_r = reshape(x, {text})",
                  lambda x=x, shape=shape: x.reshape(shape), context="shape")
        elif k < 0.7:
            perm = list(range(x.ndim))
            g.r.shuffle(perm)
            text = ", ".join(str(p) for p in perm)
            c.add("transpose", f"x = {lit(x)}\nout_r = transpose(x, [{text}])",
                  lambda x=x, perm=perm: np.transpose(x, perm))
        else:
            c.add("transpose", f"x = {lit(x)}\nout_r = x.T @ ones({x.shape[0]})"
                  if x.dtype != np.bool_ else f"x = {lit(x)}\nout_r = x.T",
                  (lambda x=x: x.T @ np.ones(x.shape[0])) if x.dtype != np.bool_ else (lambda x=x: x.T))


def gen_matmul(g, c, n):
    for _ in range(n):
        da, db = g.dtype(weights=(3, 3, 3, 1)), g.dtype(weights=(3, 3, 3, 1))
        m, k, p = g.r.randint(1, 4), g.r.randint(0, 4), g.r.randint(1, 4)
        sa = g.r.choice([(m, k), (k,), (2, m, k), (1, m, k)])
        sb = g.r.choice([(k, p), (k,), (2, k, p)])
        if g.r.random() < 0.08:
            sb = (k + 1, p)
        a, b = g.values(da, sa), g.values(db, sb)
        c.add("matmul", f"a = {lit(a)}\nb = {lit(b)}\nout_r = a @ b",
              lambda a=a, b=b: np.matmul(a, b))
    big = np.array([[2**40 + 1, 3], [5, 7]], dtype=np.int64)
    c.add("matmul", f"a = {lit(big)}\nout_r = a @ a", lambda: big @ big)


def gen_linalg(g, c, n):
    """Invariants whose truth NumPy confirms (the values themselves differ by rounding)."""
    for i in range(n):
        k = g.r.randint(2, 4)
        s = 100 + i
        kind = i % 5
        if kind == 0:
            src = (f"a = randn({k}, {k}, seed={s}) + {k} * eye({k})\nb = randn({k}, 2, seed={s + 1})\n"
                   "x = solve(a, b)\nout_r = max(abs(a @ x - b)) < 1e-9")
        elif kind == 1:
            src = (f"q = qr(randn({k}, {k}, seed={s})).Q\n"
                   "out_r = abs(abs(det(q)) - 1) < 1e-9")
        elif kind == 2:
            src = (f"m = randn({k}, {k}, seed={s})\na = m + m.T\ne = eigh(a)\n"
                   "v = e.vectors\n"
                   "out_r = max(abs(v @ (e.values[:, nil] * v.T) - a)) < 1e-9")
        elif kind == 3:
            src = (f"m = randn({k}, {k}, seed={s})\na = m @ m.T + eye({k})\nl = cholesky(a)\n"
                   "out_r = max(abs(l @ l.T - a)) < 1e-9")
        else:
            src = (f"a = randn({k}, {k}, seed={s}) + {k} * eye({k})\n"
                   f"out_r = max(abs(inv(a) @ a - eye({k}))) < 1e-9")
        c.add("linalg", src, lambda: np.bool_(True))
    c.add("linalg", "out_r = solve([[1, 2], [2, 4]], [1, 2])",
          lambda: np.linalg.solve([[1.0, 2], [2, 4]], [1.0, 2]))
    c.add("linalg", "out_r = det([[1, 2], [3, 4]])", lambda: np.linalg.det([[1.0, 2], [3, 4]]))
    c.add("linalg", "out_r = inv([[2, 0], [0, 4]])", lambda: np.linalg.inv([[2.0, 0], [0, 4]]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "..", "Tests",
                                                   "fixtures", "numpy_diff.json"))
    args = ap.parse_args()
    g = Gen(args.seed)
    c = Cases()

    def k(n):
        return int(n * args.scale)
    gen_broadcast(g, c, k(110))
    gen_scalars(g, c, k(40))
    gen_index_read(g, c, k(140))
    gen_index_write(g, c, k(90))
    gen_reduce(g, c, k(100))
    gen_sort(g, c, k(25))
    gen_where_clip(g, c, k(30))
    gen_concat(g, c, k(25))
    gen_shape_ops(g, c, k(30))
    gen_matmul(g, c, k(45))
    gen_linalg(g, c, k(25))
    out = {
        "generator": "scripts/oracles/diff_numpy.py",
        "numpy": np.__version__,
        "seed": args.seed,
        "cases": c.cases,
    }
    with open(args.out, "w") as f:
        json.dump(out, f, indent=0, allow_nan=False)
        f.write("\n")
    areas = {}
    for case in c.cases:
        areas[case["area"]] = areas.get(case["area"], 0) + 1
    print(f"wrote {len(c.cases)} cases to {os.path.normpath(args.out)}: {areas}")


if __name__ == "__main__":
    main()
