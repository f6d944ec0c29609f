#!/usr/bin/env python3
"""Oracle for Sources/Tensor/IO: writes small .npy/.npz/.safetensors/.gguf fixtures made by the
reference writers (NumPy, the safetensors package, the gguf package) plus io_expected.json with
the values each fixture must read back as.

Run by hand (the output is committed): needs numpy, and `pip install gguf safetensors`.

    scripts/oracles/io_fixtures.py            # writes Tests/fixtures/io/

Expected values are flattened row-major; floats that JSON cannot hold are the strings "nan",
"inf" and "-inf". Quantised GGUF tensors expect what gguf.quants.dequantize gives (which
matches ggml's dequantize_row_* bit for bit). Tensors are listed in file order.
"""
import io
import json
import math
import os
import struct
import sys

import numpy as np

try:
    import gguf
    from gguf import GGMLQuantizationType as Q
    from safetensors.numpy import save as st_save
except ImportError:
    sys.exit("io_fixtures.py needs `pip install gguf safetensors`")

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "fixtures", "io")


def num(x):
    """A JSON-safe number: NaN and infinities as strings."""
    x = float(x) if isinstance(x, (float, np.floating)) else x
    if isinstance(x, float):
        if math.isnan(x):
            return "nan"
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        return x
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    return int(x)


def fsl_dtype(a):
    """The FSL dtype an array reads as."""
    k, size = a.dtype.kind, a.dtype.itemsize
    if k == "f":
        return "f64" if size == 8 else "f32"
    if k in "iu":
        return "i64"
    if k == "b":
        return "bool"
    raise ValueError(a.dtype)


def expect(a, name=None):
    """The expectation record for array `a` (read as FSL would: f16 → f32, ints → i64)."""
    a = np.asarray(a)
    if a.dtype.kind == "f" and a.dtype.itemsize < 4:
        a = a.astype(np.float32)
    rec = {"dtype": fsl_dtype(a), "shape": list(a.shape),
           "values": [num(v) for v in a.reshape(-1, order="C").tolist()]}
    if name is not None:
        rec = {"name": name, **rec}
    return rec


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def npy_bytes(a, version=None):
    buf = io.BytesIO()
    if version is None:
        np.save(buf, a)
    else:
        np.lib.format.write_array(buf, a, version=version)
    return buf.getvalue()


def npy_fixtures(expected):
    f16 = np.array([[1.0, -2.5, 65504.0, 2.0 ** -24], [np.inf, -np.inf, np.nan, -0.0]], np.float16)
    arrays = {
        # Written by np.save and compared byte for byte with FSL's writer too.
        "f8.npy": np.array([[1.5, -2.25, 1e-300], [np.inf, -0.0, np.nan]]),
        "f4.npy": np.array([0.1, -3.5, 1e30, 2.0 ** -149], np.float32),
        "i8.npy": np.array([[0, -1], [2 ** 62, -(2 ** 63)], [7, 8]], np.int64),
        "b1.npy": np.array([[True, False, True]]),
        "rank0.npy": np.array(3.25),
        "empty.npy": np.zeros((0, 3)),
        "empty_wide.npy": np.zeros((12345, 0), np.float32),
        "ones_axes.npy": np.arange(4, dtype=np.int64).reshape(1, 4, 1),
        # Read-only dtypes.
        "f2.npy": f16,
        "i4.npy": np.array([-2 ** 31, 2 ** 31 - 1, 0], np.int32),
        "i2.npy": np.array([-32768, 32767], np.int16),
        "i1.npy": np.array([-128, 127, 0], np.int8),
        "u1.npy": np.array([0, 255], np.uint8),
        "u2.npy": np.array([65535, 1], np.uint16),
        "u4.npy": np.array([2 ** 32 - 1, 5], np.uint32),
        "u8.npy": np.array([2 ** 63 - 1, 3], np.uint64),
        "f8_be.npy": np.array([1.5, -2.0, 1e100], ">f8"),
        "i4_be.npy": np.array([[1, -2], [300000, 4]], ">i4"),
        "f2_be.npy": np.array([0.5, -1.0], ">f2"),
        "fortran.npy": np.asfortranarray(np.arange(24.0).reshape(2, 3, 4)),
        "fortran_i4.npy": np.asfortranarray(np.array([[1, 2, 3], [4, 5, 6]], np.int32)),
    }
    for name, a in arrays.items():
        write(name, npy_bytes(a))
        expected[name] = expect(a)
    for version in [(2, 0), (3, 0)]:
        name = "v%d.npy" % version[0]
        a = np.array([[1, 2], [3, 4]], np.float32)
        write(name, npy_bytes(a, version))
        expected[name] = expect(a)


def npz_fixtures(expected):
    arrays = {
        "weights": np.array([[0.5, -1.0], [2.0, 3.0]]),
        "counts": np.array([3, 1, 4], np.int64),
        "flag": np.array(True),
        "empty": np.zeros((0,), np.float32),
        "ramp": np.arange(200.0),
    }
    for name, save in [("stored.npz", np.savez), ("compressed.npz", np.savez_compressed)]:
        buf = io.BytesIO()
        save(buf, **arrays)
        write(name, buf.getvalue())
        expected[name] = {"arrays": [expect(a, k) for k, a in arrays.items()]}


def bf16_bits(values):
    """bfloat16 bits of float32 values (round to nearest even, as torch does)."""
    bits = np.array(values, np.float32).view(np.uint32).astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    return rounded.astype(np.uint16)


def safetensors_fixtures(expected):
    # 1. The reference writer, for byte-identical comparison with FSL's writer.
    ref = {
        "w": np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.5]], np.float32),
        "b": np.array([0.25, -0.5]),
        "idx": np.array([[7], [-8]], np.int64),
        "mask": np.array([True, False, True]),
        "scalar": np.array(1.5, np.float32),
        "none": np.zeros((0, 2), np.float32),
    }
    meta = {"format": "np", "note": "quote \" and \u00e9"}
    blob = st_save(ref, metadata=meta)
    write("reference.safetensors", blob)
    size = struct.unpack("<Q", blob[:8])[0]
    header = json.loads(blob[8:8 + size].decode())
    order = [k for k in header if k != "__metadata__"]
    expected["reference.safetensors"] = {
        "metadata": meta, "tensors": [expect(ref[k], k) for k in order]}

    # 2. By hand: F16 and BF16 (numpy has no bfloat16), I32, header keys out of order.
    f32 = np.array([[1.0, -2.0], [0.1, 3e38]], np.float32)
    f16 = np.array([1.0, -0.5, 65504.0, 2.0 ** -24, np.inf], np.float16)
    bf_src = np.array([1.0, -3.140625, 1e30, -0.0], np.float32)
    bf = bf16_bits(bf_src)
    f64 = np.array([[1e-310, -7.25]])
    i64 = np.array([2 ** 40, -5], np.int64)
    i32 = np.array([[-1, 2 ** 31 - 1]], np.int32)
    parts = [("F64", "f64", f64), ("I64", "i64", i64), ("F32", "f32", f32), ("I32", "i32", i32),
             ("BF16", "bf16", bf), ("F16", "f16", f16)]
    data, entries, offset = b"", {}, 0
    for dtype, name, arr in parts:
        raw = np.ascontiguousarray(arr).astype(arr.dtype.newbyteorder("<")).tobytes()
        entries[name] = {"dtype": dtype, "shape": list(arr.shape),
                         "data_offsets": [offset, offset + len(raw)]}
        data += raw
        offset += len(raw)
    header_order = ["f16", "f32", "bf16", "__metadata__", "f64", "i32", "i64"]
    meta = {"author": "io_fixtures.py", "tokens": "3", "unicode": "\u2713"}
    header = {k: (meta if k == "__metadata__" else entries[k]) for k in header_order}
    text = json.dumps(header, ensure_ascii=False).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    write("mixed.safetensors", struct.pack("<Q", len(text)) + text + data)
    bf_values = (bf.astype(np.uint32) << 16).view(np.float32)
    values = {"f16": f16, "f32": f32, "bf16": bf_values.reshape(bf.shape), "f64": f64,
              "i32": i32, "i64": i64}
    expected["mixed.safetensors"] = {
        "metadata": meta,
        "tensors": [expect(values[k], k) for k in header_order if k != "__metadata__"]}


def gguf_fixtures(expected):
    rng = np.random.default_rng(0)
    path = os.path.join(OUT, "model.gguf")
    w = gguf.GGUFWriter(path, arch="fsltest")
    kvs = [
        ("fsltest.u8", "uint8", 200, w.add_uint8), ("fsltest.i8", "int8", -100, w.add_int8),
        ("fsltest.u16", "uint16", 60000, w.add_uint16), ("fsltest.i16", "int16", -30000, w.add_int16),
        ("fsltest.u32", "uint32", 4000000000, w.add_uint32), ("fsltest.i32", "int32", -7, w.add_int32),
        ("fsltest.f32", "float32", 0.15625, w.add_float32), ("fsltest.bool", "bool", True, w.add_bool),
        ("fsltest.name", "string", "h\u00e9llo \u2713", w.add_string),
        ("fsltest.u64", "uint64", 2 ** 63 + 5, w.add_uint64), ("fsltest.i64", "int64", -(2 ** 40), w.add_int64),
        ("fsltest.f64", "float64", -2.5e-300, w.add_float64),
    ]
    for key, _, value, add in kvs:
        add(key, value)
    w.add_array("fsltest.tokens", ["<s>", "a", "\u0120b", ""])
    w.add_array("fsltest.scores", [0.5, -1.25, 3.0])
    meta = [{"key": "general.architecture", "type": "string", "value": "fsltest"}]
    meta += [{"key": k, "type": t, "value": v} for k, t, v, _ in kvs]
    meta += [
        {"key": "fsltest.tokens", "type": "array", "element": "string",
         "value": ["<s>", "a", "\u0120b", ""]},
        {"key": "fsltest.scores", "type": "array", "element": "float32", "value": [0.5, -1.25, 3.0]},
    ]
    tensors = []
    f32 = rng.standard_normal((2, 3)).astype(np.float32)
    w.add_tensor("f32", f32)
    tensors.append(("f32", "F32", f32))
    f16 = np.array([[1.0, -0.5, 2.0 ** -24, 65504.0]], np.float16)
    w.add_tensor("f16", f16)
    tensors.append(("f16", "F16", f16.astype(np.float32)))
    for name, qtype, shape in [("q8_0", Q.Q8_0, (2, 64)), ("q4_0", Q.Q4_0, (3, 32)),
                               ("q4_1", Q.Q4_1, (2, 2, 32))]:
        src = (rng.standard_normal(shape) * 2).astype(np.float32)
        q = gguf.quants.quantize(src, qtype)
        w.add_tensor(name, q, raw_dtype=qtype)
        tensors.append((name, qtype.name, gguf.quants.dequantize(q, qtype)))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    # The reference reader must agree on shapes (GGUF lists dims innermost first).
    r = gguf.GGUFReader(path)
    for t, (name, _, arr) in zip(r.tensors, tensors):
        assert t.name == name and list(reversed(t.shape.tolist())) == list(arr.shape), t.name
    expected["model.gguf"] = {
        "version": 3, "alignment": 32, "kv": meta,
        "tensors": [{"type": ty, **expect(arr, name)} for name, ty, arr in tensors]}

    # A custom alignment.
    path = os.path.join(OUT, "aligned64.gguf")
    w = gguf.GGUFWriter(path, arch="fsltest")
    w.add_custom_alignment(64)
    a = np.arange(5, dtype=np.float32)
    b = np.array([[1, -2]], np.int32)
    w.add_tensor("a", a)
    w.add_tensor("b", b)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    expected["aligned64.gguf"] = {
        "version": 3, "alignment": 64,
        "kv": [{"key": "general.architecture", "type": "string", "value": "fsltest"},
                     {"key": "general.alignment", "type": "uint32", "value": 64}],
        "tensors": [{"type": "F32", **expect(a, "a")}, {"type": "I32", **expect(b, "b")}]}


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {}
    npy_fixtures(expected)
    npz_fixtures(expected)
    safetensors_fixtures(expected)
    gguf_fixtures(expected)
    with open(os.path.join(OUT, "io_expected.json"), "w") as f:
        # One fixture per line: small, and diffs stay readable.
        lines = [json.dumps(k) + ": " + json.dumps(v, ensure_ascii=False) for k, v in expected.items()]
        f.write("{\n" + ",\n".join(lines) + "\n}\n")


if __name__ == "__main__":
    main()
