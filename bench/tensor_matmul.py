# NumPy peer of tensor_matmul.fsl: n×n f64 matmul GFLOPS, best of 5.
import time
import numpy as np
for n in [1000, 2000]:
    a = np.linspace(0, 1, n * n).reshape(n, n)
    b = a.T.copy()
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter(); c = a @ b; best = min(best, time.perf_counter() - t)
    print(f"matmul{n} {2 * n ** 3 / best / 1e9:.1f} GFLOPS")
