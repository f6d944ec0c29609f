# Peers of bench/fair_report.fsl: the same 1M rows (PCG64 seeded 0), the same report (per-group
# selection_rate tpr fpr fnr tnr accuracy precision balanced_accuracy + overall) and summary
# (the six aggregates), by (1) a vectorised NumPy version (np.unique + one np.bincount) and
# (2) fairlearn's MetricFrame and aggregate functions. Best of 3 (fairlearn: best of
# FAIR_BENCH_FAIRLEARN_REPS, default 3) in ms; lines "name ms numpy" / "name ms fairlearn".
import os
import sys
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")
r = np.random.default_rng(0)
n = 1_000_000
g = np.floor(r.random(n) * 8)
y = r.random(n) < 0.3 + 0.05 * g
p = r.random(n) < 0.2 + 0.07 * g


def np_report(y, p, g):
    labels, codes = np.unique(g, return_inverse=True)
    k = len(labels)
    c = np.bincount(codes * 4 + y.astype(np.int64) * 2 + p, minlength=4 * k).reshape(k, 4)
    c = np.vstack([c, c.sum(axis=0)]).astype(float)
    tn, fp, fn, tp = c[:, 0], c[:, 1], c[:, 2], c[:, 3]
    pos, neg, tot = tp + fn, fp + tn, c.sum(axis=1)

    def div(a, b):
        return np.divide(a, b, out=np.zeros_like(a), where=b > 0)

    tpr, tnr = div(tp, pos), div(tn, neg)
    bal = np.where((pos > 0) & (neg > 0), (tpr + tnr) / 2, np.where(pos > 0, tpr, tnr))
    return {"group": labels, "count": tot, "selection_rate": div(tp + fp, tot), "tpr": tpr,
            "fpr": div(fp, neg), "fnr": div(fn, pos), "tnr": tnr, "accuracy": div(tp + tn, tot),
            "precision": div(tp, tp + fp), "balanced_accuracy": bal}


def np_summary(y, p, g):
    rep = np_report(y, p, g)
    out = {}
    for key, m in (("dp", "selection_rate"), ("eop", "tpr"), ("fpr", "fpr")):
        v = rep[m][:-1]
        out[key] = (v.max() - v.min(), v.min() / v.max())
    return {"dp_diff": out["dp"][0], "dp_ratio": out["dp"][1], "eop_diff": out["eop"][0],
            "eop_ratio": out["eop"][1], "eo_diff": max(out["eop"][0], out["fpr"][0]),
            "eo_ratio": min(out["eop"][1], out["fpr"][1])}


def best_of(reps, f):
    best = float("inf")
    for _ in range(reps):
        t = time.perf_counter()
        res = f()
        best = min(best, time.perf_counter() - t)
    return best, res


t_rep, rep = best_of(3, lambda: np_report(y, p, g))
print(f"fair_report_1M {t_rep * 1000:.1f} ms numpy")
t_sum, s = best_of(3, lambda: np_summary(y, p, g))
print(f"fair_summary_1M {t_sum * 1000:.1f} ms numpy")
print(f"check_tpr_7 {rep['tpr'][7]:.15f} numpy")
print(f"check_eo_diff {s['eo_diff']:.15f} numpy")
if "--numpy-only" in sys.argv:
    sys.exit(0)

from fairlearn import metrics as flm  # noqa: E402
from sklearn import metrics as skm  # noqa: E402

METRICS = {"selection_rate": flm.selection_rate, "tpr": flm.true_positive_rate,
           "fpr": flm.false_positive_rate, "fnr": flm.false_negative_rate,
           "tnr": flm.true_negative_rate, "accuracy": skm.accuracy_score,
           "precision": lambda a, b: skm.precision_score(a, b, zero_division=0),
           "balanced_accuracy": skm.balanced_accuracy_score}
reps = int(os.environ.get("FAIR_BENCH_FAIRLEARN_REPS", "3"))
yi, pi = y.astype(int), p.astype(int)
t_fl, mf = best_of(reps, lambda: flm.MetricFrame(metrics=METRICS, y_true=yi, y_pred=pi,
                                                  sensitive_features=g))
print(f"fair_report_1M {t_fl * 1000:.1f} ms fairlearn")
AGG = {"dp_diff": flm.demographic_parity_difference, "dp_ratio": flm.demographic_parity_ratio,
       "eop_diff": flm.equal_opportunity_difference, "eop_ratio": flm.equal_opportunity_ratio,
       "eo_diff": flm.equalized_odds_difference, "eo_ratio": flm.equalized_odds_ratio}
t_fs, fs = best_of(reps, lambda: {k: f(yi, pi, sensitive_features=g) for k, f in AGG.items()})
print(f"fair_summary_1M {t_fs * 1000:.1f} ms fairlearn")
print(f"check_tpr_7 {mf.by_group['tpr'].iloc[7]:.15f} fairlearn")
print(f"check_eo_diff {fs['eo_diff']:.15f} fairlearn")
