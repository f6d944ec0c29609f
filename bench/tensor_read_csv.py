# pandas peer of tensor_read_csv.fsl (which writes /tmp/fsl_bench_1m.csv first).
import time
try:
    import pandas as pd
except ImportError:
    pd = None
for name, path in [("compas", "data/fairness/propublica-recidivism.csv"), ("csv_1m_x10", "/tmp/fsl_bench_1m.csv")]:
    if pd is None:
        print(f"{name} n/a (no-pandas)")
        continue
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter(); d = pd.read_csv(path); best = min(best, time.perf_counter() - t)
    print(f"{name} {best * 1000:.1f} ms")
