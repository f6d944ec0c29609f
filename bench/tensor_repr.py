# Peer of tensor_repr.fsl: repr of big NumPy arrays, best of 5 in ms.
import time
import numpy as np

rng = np.random.default_rng(0)
for n in [569, 3000]:
    x = rng.standard_normal((n, n))
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        s = repr(x)
        best = min(best, time.perf_counter() - t)
    print(f"repr_{n}x{n} {best * 1000:.3f} ms")
