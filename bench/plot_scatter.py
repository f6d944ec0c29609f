# matplotlib (Agg) peer of plot_scatter.fsl.
import time
import numpy as np
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
rng = np.random.default_rng(0)
p = rng.standard_normal((100000, 2))
t = np.linspace(-4, 4, 1000)
best = float("inf")
for _ in range(3):
    t0 = time.perf_counter()
    fig, ax = plt.subplots(figsize=(3.25, 2.5))
    ax.scatter(p[:, 0], p[:, 1], s=2, alpha=0.3)
    ax.plot(t, np.sin(t))
    fig.savefig("/tmp/mpl_bench_scatter.png", dpi=300)
    plt.close(fig)
    best = min(best, time.perf_counter() - t0)
print(f"scatter {best * 1000:.1f} ms")
m = np.sin(np.linspace(0, 60, 512 * 512)).reshape(512, 512)
best = float("inf")
for _ in range(3):
    t0 = time.perf_counter()
    fig, ax = plt.subplots(figsize=(3.25, 2.5))
    im = ax.imshow(m, cmap="viridis")
    fig.colorbar(im)
    fig.savefig("/tmp/mpl_bench_heatmap.png", dpi=300)
    plt.close(fig)
    best = min(best, time.perf_counter() - t0)
print(f"heatmap {best * 1000:.1f} ms")
