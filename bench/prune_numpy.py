"""NumPy reference of prune's Llama decoder (docs/pruning.md, "Forward passes"): a GGUF v3
reader, ggml's dequantisation of F32 / F16 / Q8_0 / Q4_1, and the SmolLM2 forward pass on the GGUF rows.

Shared by the benchmark peer bench/prune_forward.py and the oracle
scripts/oracles/prune_fixtures.py. NumPy only (no torch, no gguf package).

Conventions (docs/pruning.md, "Forward passes"): float32 activations and matmuls; RMSNorm
computed in float64 and cast to float32 before the weight; Q and K straight from the GGUF, so RoPE rotates
interleaved pairs (x[2j], x[2j+1]) by pos·base^(−2j/d); query head h uses KV head h // (heads /
kv_heads); causal mask plus a key mask for right padding; SwiGLU MLP; output head tied to the
token embedding. `forward` returns the decoder's final hidden (after output_norm, as
transformers' last_hidden_state) and, when asked, each layer's states.
"""
import struct

import numpy as np

# GGUF metadata value types.
_SCALARS = {
    0: "<u1", 1: "<i1", 2: "<u2", 3: "<i2", 4: "<u4", 5: "<i4", 6: "<f4", 7: "<u1",
    10: "<u8", 11: "<i8", 12: "<f8",
}
_STRING, _ARRAY, _BOOL = 8, 9, 7

# ggml tensor types read here: (name, values per block, bytes per block).
GGML_TYPES = {0: ("F32", 1, 4), 1: ("F16", 1, 2), 3: ("Q4_1", 32, 20), 8: ("Q8_0", 32, 34)}


class GGUFReader:
    """Header, metadata (every value type, arrays included), tensor infos and data offset of a
    GGUF v3 (or v2) file. `data` is a read-only memory map of the whole file."""

    def __init__(self, path):
        self.path = path
        self.data = np.memmap(path, dtype=np.uint8, mode="r")
        self.buf = memoryview(self.data)
        self.pos = 0
        if bytes(self.buf[:4]) != b"GGUF":
            raise ValueError(f"{path}: not a GGUF file (magic {bytes(self.buf[:4])!r})")
        self.pos = 4
        self.version = self._u32()
        if self.version not in (2, 3):
            raise ValueError(f"{path}: GGUF version {self.version} (only 2 and 3 are read)")
        n_tensors, n_kv = self._u64(), self._u64()
        self.metadata = {}
        for _ in range(n_kv):
            key = self._str()
            self.metadata[key] = self._value(self._u32())
        self.tensors = {}
        for _ in range(n_tensors):
            name = self._str()
            n_dims = self._u32()
            dims = struct.unpack_from(f"<{n_dims}Q", self.buf, self.pos)
            self.pos += 8 * n_dims
            ggml_type, offset = self._u32(), self._u64()
            self.tensors[name] = (tuple(dims), ggml_type, offset)
        self.alignment = int(self.metadata.get("general.alignment", 32))
        self.data_offset = -(-self.pos // self.alignment) * self.alignment

    def _u32(self):
        (v,) = struct.unpack_from("<I", self.buf, self.pos)
        self.pos += 4
        return v

    def _u64(self):
        (v,) = struct.unpack_from("<Q", self.buf, self.pos)
        self.pos += 8
        return v

    def _str(self):
        n = self._u64()
        s = bytes(self.buf[self.pos:self.pos + n]).decode("utf-8")
        self.pos += n
        return s

    def _value(self, vtype):
        if vtype == _STRING:
            return self._str()
        if vtype == _ARRAY:
            etype, n = self._u32(), self._u64()
            if etype == _STRING:
                return [self._str() for _ in range(n)]
            if etype == _ARRAY:
                return [self._value(_ARRAY) for _ in range(n)]
            dt = np.dtype(_SCALARS[etype])
            arr = np.frombuffer(self.buf, dtype=dt, count=n, offset=self.pos).copy()
            self.pos += dt.itemsize * n
            return arr.astype(bool) if etype == _BOOL else arr
        dt = np.dtype(_SCALARS[vtype])
        (v,) = np.frombuffer(self.buf, dtype=dt, count=1, offset=self.pos)
        self.pos += dt.itemsize
        return bool(v) if vtype == _BOOL else v.item()

    def raw(self, name):
        """The bytes of a tensor (a view of the memory map) and its ggml dims and type."""
        dims, ggml_type, offset = self.tensors[name]
        if ggml_type not in GGML_TYPES:
            raise ValueError(f"{name}: ggml type {ggml_type} is not read here")
        _, per_block, block_bytes = GGML_TYPES[ggml_type]
        n = int(np.prod(dims))
        start = self.data_offset + offset
        return self.data[start:start + n // per_block * block_bytes], dims, ggml_type

    def tensor(self, name):
        """A tensor dequantised to float32, row-major with the ggml dims reversed (a GGUF
        shape [in, out] becomes an [out, in] matrix)."""
        raw, dims, ggml_type = self.raw(name)
        return dequantize(raw, ggml_type).reshape(tuple(reversed(dims)))


_Q8_0 = np.dtype([("d", "<f2"), ("q", "i1", 32)])
_Q4_1 = np.dtype([("d", "<f2"), ("m", "<f2"), ("q", "u1", 16)])


def dequantize(raw, ggml_type):
    """Flat float32 values of ggml blocks, as ggml's dequantize_row_*: Q8_0 d·q; Q4_1 d·q + m
    with values 0..15 the low nibbles and 16..31 the high nibbles of the 16 bytes."""
    raw = np.asarray(raw)
    if ggml_type == 0:
        return raw.view("<f4").astype(np.float32)
    if ggml_type == 1:
        return raw.view("<f2").astype(np.float32)
    if ggml_type == 8:
        b = raw.view(_Q8_0)
        return (b["d"].astype(np.float32)[:, None] * b["q"].astype(np.float32)).reshape(-1)
    if ggml_type == 3:
        b = raw.view(_Q4_1)
        q = np.concatenate([b["q"] & 0x0F, b["q"] >> 4], axis=1).astype(np.float32)
        d = b["d"].astype(np.float32)[:, None]
        m = b["m"].astype(np.float32)[:, None]
        return (d * q + m).reshape(-1)
    raise ValueError(f"ggml type {ggml_type} is not read here")


def rms_norm(x, g, eps):
    """x / sqrt(mean(x²) + eps) in float64, cast to float32, times the float32 weight."""
    x64 = x.astype(np.float64)
    n = x64 / np.sqrt(np.mean(x64 * x64, axis=-1, keepdims=True) + eps)
    return n.astype(np.float32) * g


def silu(z):
    return z / (np.float32(1) + np.exp(-z))


class Llama:
    """The SmolLM2 decoder from a GGUF file, weights dequantised to float32 on load."""

    def __init__(self, path):
        r = GGUFReader(path)
        self.reader = r
        md = r.metadata
        arch = md["general.architecture"]
        if arch != "llama":
            raise ValueError(f"{path}: architecture {arch!r}, not llama")
        self.layers = int(md[f"{arch}.block_count"])
        self.hidden = int(md[f"{arch}.embedding_length"])
        self.ffn = int(md[f"{arch}.feed_forward_length"])
        self.heads = int(md[f"{arch}.attention.head_count"])
        self.kv_heads = int(md[f"{arch}.attention.head_count_kv"])
        self.head_dim = self.hidden // self.heads
        self.eps = float(md[f"{arch}.attention.layer_norm_rms_epsilon"])
        self.rope_base = float(md.get(f"{arch}.rope.freq_base", 10000.0))
        self.embed = r.tensor("token_embd.weight")  # [vocab, hidden], also the output head
        self.vocab = self.embed.shape[0]
        self.out_norm = r.tensor("output_norm.weight")
        self.blocks = []
        q_rows, kv_rows = self.hidden, self.kv_heads * self.head_dim
        for i in range(self.layers):
            t = lambda n: r.tensor(f"blk.{i}.{n}.weight")  # noqa: E731
            # Q, K, V stacked (one matmul) and gate, up stacked, each as [in, out].
            qkv = np.concatenate([t("attn_q"), t("attn_k"), t("attn_v")], axis=0)
            gate_up = np.concatenate([t("ffn_gate"), t("ffn_up")], axis=0)
            self.blocks.append({
                "attn_norm": t("attn_norm"), "ffn_norm": t("ffn_norm"),
                "qkv": np.ascontiguousarray(qkv.T), "wo": np.ascontiguousarray(t("attn_output").T),
                "gate_up": np.ascontiguousarray(gate_up.T),
                "down": np.ascontiguousarray(t("ffn_down").T),
            })
        self.splits = (q_rows, q_rows + kv_rows)
        self._rope = {}

    def rope_tables(self, length):
        """cos and sin [length, head_dim/2] of θ_j = pos·base^(−2j/d), float64 then float32."""
        if length not in self._rope:
            j = np.arange(self.head_dim // 2, dtype=np.float64)
            inv = self.rope_base ** (-2.0 * j / self.head_dim)
            ang = np.arange(length, dtype=np.float64)[:, None] * inv[None, :]
            self._rope[length] = (np.cos(ang).astype(np.float32), np.sin(ang).astype(np.float32))
        return self._rope[length]

    @staticmethod
    def rope(x, cos, sin):
        """Interleaved-pair RoPE on x [B, heads, T, d]: (x[2j], x[2j+1]) rotated by θ_j."""
        a, b = x[..., 0::2], x[..., 1::2]
        out = np.empty_like(x)
        out[..., 0::2] = a * cos - b * sin
        out[..., 1::2] = b * cos + a * sin
        return out

    def attention(self, blk, n, B, T, key_ok):
        """Attention output (ctx·W_oᵀ, no residual) of the normed rows n [B·T, hidden]. Every
        linear layer is one 2-D matmul (a 3-D @ 2-D matmul is a loop of small GEMMs in NumPy)."""
        d, H, KV = self.head_dim, self.heads, self.kv_heads
        qkv = (n @ blk["qkv"]).reshape(B, T, -1)
        q, k, v = np.split(qkv, self.splits, axis=-1)
        q = q.reshape(B, T, H, d).transpose(0, 2, 1, 3)
        k = k.reshape(B, T, KV, d).transpose(0, 2, 1, 3)
        v = v.reshape(B, T, KV, d).transpose(0, 2, 1, 3)
        cos, sin = self.rope_tables(T)
        q, k = self.rope(q, cos, sin), self.rope(k, cos, sin)
        k = np.repeat(k, H // KV, axis=1)  # query head h reads KV head h // (H / KV)
        v = np.repeat(v, H // KV, axis=1)
        s = (q @ k.transpose(0, 1, 3, 2)) * np.float32(1 / np.sqrt(d))
        s = np.where(key_ok, s, np.float32(-np.inf))
        s = np.exp(s - s.max(axis=-1, keepdims=True))
        p = s / s.sum(axis=-1, keepdims=True)
        ctx = (p @ v).transpose(0, 2, 1, 3).reshape(B * T, H * d)
        return ctx @ blk["wo"]

    def mlp(self, blk, n):
        gu = n @ blk["gate_up"]
        gate, up = gu[..., :self.ffn], gu[..., self.ffn:]
        return (silu(gate) * up) @ blk["down"]

    def forward(self, ids, mask=None, drop_attn=(), drop_mlp=(), capture=False, observe=None):
        """Final hidden [B, T, hidden] (after output_norm) of token ids [B, T] with the
        real-token mask (1 real, 0 right padding). Dropped attention: H = X; dropped MLP:
        Y = H. With capture=True also returns, per layer, a dict of float32 [B, T, hidden]:
        X, H, Y and, for modules not dropped, attn_in (RMSNorm(X)·g), attn_out, mlp_in,
        mlp_out. `observe(i, states)` is called with that dict instead of keeping it."""
        ids = np.asarray(ids)
        B, T = ids.shape
        mask = np.ones((B, T), bool) if mask is None else np.asarray(mask).astype(bool)
        causal = np.tril(np.ones((T, T), bool))
        key_ok = causal[None, None, :, :] & mask[:, None, None, :]
        x = self.embed[ids.reshape(-1)]  # rows [B·T, hidden]
        shaped = lambda a: a.reshape(B, T, -1)  # noqa: E731
        states = []
        for i, blk in enumerate(self.blocks):
            st = {"X": shaped(x)} if (capture or observe) else None
            if i in drop_attn:
                h = x
            else:
                n = rms_norm(x, blk["attn_norm"], self.eps)
                a = self.attention(blk, n, B, T, key_ok)
                h = x + a
                if st is not None:
                    st["attn_in"], st["attn_out"] = shaped(n), shaped(a)
            if i in drop_mlp:
                y = h
            else:
                n2 = rms_norm(h, blk["ffn_norm"], self.eps)
                m = self.mlp(blk, n2)
                y = h + m
                if st is not None:
                    st["mlp_in"], st["mlp_out"] = shaped(n2), shaped(m)
            if st is not None:
                st["H"], st["Y"] = shaped(h), shaped(y)
                if observe:
                    observe(i, st)
                else:
                    states.append(st)
            x = y
        hidden = shaped(rms_norm(x, self.out_norm, self.eps))
        return (hidden, states) if capture else hidden

    def logits(self, hidden):
        """Logits [..., vocab] = hidden · Eᵀ (tied output head), float32."""
        return hidden @ self.embed.T

    def log_probs_of_next(self, ids, mask=None, drop_attn=(), drop_mlp=()):
        """log p(x_{t+1} | x_≤t) (float64) for every predicted real token, pooled in row order."""
        ids = np.asarray(ids)
        B, T = ids.shape
        mask = np.ones((B, T), bool) if mask is None else np.asarray(mask).astype(bool)
        hidden = self.forward(ids, mask, drop_attn, drop_mlp)
        out = []
        for b in range(B):
            rows = np.nonzero(mask[b, 1:])[0]  # predicting position t+1 from t
            if rows.size == 0:
                continue
            z = self.logits(hidden[b, rows]).astype(np.float64)
            zmax = z.max(axis=-1, keepdims=True)
            lse = zmax[:, 0] + np.log(np.exp(z - zmax).sum(axis=-1))
            out.append(z[np.arange(rows.size), ids[b, rows + 1]] - lse)
        return np.concatenate(out) if out else np.zeros(0)

    def perplexity(self, ids, mask=None, drop_attn=(), drop_mlp=()):
        """exp(−mean log p) over all predicted real tokens pooled (padding excluded)."""
        lp = self.log_probs_of_next(ids, mask, drop_attn, drop_mlp)
        return float(np.exp(-lp.mean())), int(lp.size)

    def generate(self, ids, n):
        """Greedy continuation: n new ids after the 1-D prompt ids (full recompute per step)."""
        seq = list(int(t) for t in ids)
        for _ in range(n):
            hidden = self.forward(np.array([seq]))
            seq.append(int(np.argmax(self.logits(hidden[0, -1]))))
        return seq[len(ids):]


def cosines(u, v):
    """Row-wise cos(u, v) in float64 (a zero norm counts as 1e-8, as torch's eps)."""
    u = u.astype(np.float64)
    v = v.astype(np.float64)
    nu = np.maximum(np.linalg.norm(u, axis=-1), 1e-8)
    nv = np.maximum(np.linalg.norm(v, axis=-1), 1e-8)
    return np.sum(u * v, axis=-1) / (nu * nv)
