# NumPy peer of bench/fed_lora.fsl: FLoRA stacking (A_s = [p_k A_k], B_s = [B_k], W + B_s @ A_s)
# and FedAvg of factors (W + (Σ p B)(Σ p A)) for 10 clients × 24 layers of 576×576, rank 8,
# f64; data from default_rng(0) in fed_lora.fsl's order. Best of 5 runs of each.
import time

import numpy as np

rng = np.random.default_rng(0)
layers, k = 24, 10
W, As, Bs = [], [], []
for _ in range(layers):
    W.append(rng.standard_normal((576, 576)))
    As.append([rng.standard_normal((8, 576)) for _ in range(k)])
    Bs.append([rng.standard_normal((576, 8)) for _ in range(k)])
p = np.arange(1, k + 1, dtype=float)
p = p / p.sum()


def stack():
    out = []
    for l in range(layers):
        a = np.concatenate([pk * a for pk, a in zip(p, As[l])], axis=0)
        b = np.concatenate(Bs[l], axis=1)
        out.append(W[l] + b @ a)
    return out


def fedavg():
    out = []
    for l in range(layers):
        a = sum(pk * a for pk, a in zip(p, As[l]))
        b = sum(pk * b for pk, b in zip(p, Bs[l]))
        out.append(W[l] + b @ a)
    return out


for name, f in [("lora_stack", stack), ("lora_fedavg", fedavg)]:
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t0)
    print(f"{name} {best * 1000:.3f} ms")
print(f"lora_check {sum(w.sum() for w in stack()):.6f} sum")
