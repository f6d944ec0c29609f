# NumPy peer of the benchmark "SmolLM2 forward on 32 sequences × 13 tokens" (prune,
# docs/pruning.md, "Forward passes"): load the GGUF file (parse, dequantise every tensor to float32: file → ready), then the
# best of N forward passes (30 layers, final hidden after output_norm) on ids [32, 13], and the
# perplexity throughput (forward + tied-head logits + log-softmax over the predicted tokens).
#
#   python3 bench/prune_forward.py [IDS.npy] [--runs N] [--model PATH]
# IDS.npy: int token ids [B, T], all real; without it, default_rng(0).integers(0, 49152, (32, 13)).
# Prints machine-readable lines: load_ms, forward_ms (best of N wall, default 5), forward_cpu_ms
# (best of N process CPU time, all BLAS threads; steadier on a loaded machine), ppl_ms (best of N),
# ppl_tokens_per_s (predicted tokens B·(T−1) per second of the best perplexity run), and a
# checksum of the final hidden. Single process; OPENBLAS_NUM_THREADS as the environment sets it.
import argparse
import os
import time

import numpy as np

from prune_numpy import Llama

here = os.path.dirname(os.path.abspath(__file__))


def load_safetensors(path):
    """MiniLM's weights as float32 arrays (file → ready): the JSON header, then each tensor."""
    import json
    with open(path, "rb") as f:
        raw = f.read()
    n = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        a, b = info["data_offsets"]
        dt = {"F32": np.float32, "I64": np.int64}[info["dtype"]]
        out[name] = np.frombuffer(raw, dt, (b - a) // np.dtype(dt).itemsize,
                                  8 + n + a).reshape(info["shape"])
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ids", nargs="?")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--model", default=os.path.join(
        here, "..", "data", "smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf"))
    args = ap.parse_args()
    if args.ids:
        ids = np.load(args.ids).astype(np.int64)
    else:
        ids = np.random.default_rng(0).integers(0, 49152, (32, 13))
    mask = np.ones(ids.shape, dtype=bool)

    t0 = time.perf_counter()
    model = Llama(args.model)
    load = time.perf_counter() - t0

    best_fwd = best_cpu = float("inf")
    for _ in range(args.runs):
        t0, c0 = time.perf_counter(), time.process_time()
        hidden = model.forward(ids, mask)
        best_fwd = min(best_fwd, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)

    best_ppl = float("inf")
    for _ in range(args.runs):
        t0 = time.perf_counter()
        ppl, n_pred = model.perplexity(ids, mask)
        best_ppl = min(best_ppl, time.perf_counter() - t0)

    t0 = time.perf_counter()
    minilm = load_safetensors(os.path.join(here, "..", "data", "minilm", "model.safetensors"))
    load_minilm = time.perf_counter() - t0

    print(f"shape {ids.shape[0]}x{ids.shape[1]}")
    print(f"load_minilm_ms {load_minilm * 1000:.1f} ({len(minilm)} tensors)")
    print(f"load_ms {load * 1000:.1f}")
    print(f"forward_ms {best_fwd * 1000:.1f}")
    print(f"forward_cpu_ms {best_cpu * 1000:.1f}")
    print(f"ppl_ms {best_ppl * 1000:.1f}")
    print(f"ppl_tokens_per_s {n_pred / best_ppl:.1f}")
    print(f"perplexity {ppl:.6f}")
    print(f"hidden_sum {float(hidden.astype(np.float64).sum()):.6f}")


if __name__ == "__main__":
    main()
