#!/usr/bin/env python3
"""Reference values for dev.fess.statistics, computed with numpy + scipy (Debian python3-scipy).

Run: /usr/bin/python3 make_reference.py > reference.json
The Java tests read reference.json; they never need Python.
"""
import json
import warnings

import numpy as np
import scipy
from scipy import special, stats

warnings.simplefilter("ignore")
rng = np.random.default_rng(20240214)


def r(a):
    return [float(v) for v in a]


cases = []


def wil(name, x, y, **kw):
    res = stats.wilcoxon(x, y, **kw)
    cases.append({"name": name, "x": r(x), "y": r(y), "kwargs": kw,
                  "statistic": float(res.statistic), "pvalue": float(res.pvalue)})


# exact branch: n <= 50, no zeros, no ties
x = rng.uniform(0.6, 0.9, 10); y = x - rng.normal(0.02, 0.03, 10)
wil("exact_n10", x, y)
x = rng.uniform(0.6, 0.9, 20); y = x - rng.normal(0.01, 0.05, 20)
wil("exact_n20", x, y)
x = rng.uniform(0.6, 0.9, 50); y = x - rng.normal(0.005, 0.05, 50)
wil("exact_n50", x, y)
x = rng.uniform(0.6, 0.9, 7); y = x + rng.uniform(0.01, 0.1, 7)
wil("exact_n7_all_negative", x, y)
# normal approximation: n > 50
x = rng.uniform(0.6, 0.9, 80); y = x - rng.normal(0.01, 0.05, 80)
wil("approx_n80", x, y)
x = rng.uniform(0.6, 0.9, 200); y = x - rng.normal(0.0, 0.05, 200)
wil("approx_n200", x, y)
# zeros (dropped, then normal approximation in scipy 1.9-1.14)
d = np.round(rng.normal(0.02, 0.05, 30), 3); d[[3, 7, 11]] = 0.0
wil("zeros_n30", d, np.zeros_like(d))
# ties and zeros
d = np.round(rng.normal(0.0, 0.03, 60), 2)
wil("ties_zeros_n60", d, np.zeros_like(d))
# ties without zeros, normal approximation asked for explicitly (fess always uses it in this case)
d = np.array([0.1, -0.2, 0.1, 0.3, 0.2, -0.1, 0.4, 0.3, 0.5, 0.2, -0.3, 0.6])
wil("ties_approx_n12", d, np.zeros_like(d), method="approx")

descriptive = []
for n in (1, 2, 5, 13):
    v = rng.normal(0.7, 0.1, n)
    descriptive.append({"values": r(v), "mean": float(np.mean(v)),
                        "std": float(np.std(v, ddof=1)) if n > 1 else None,
                        "sem": float(stats.sem(v)) if n > 1 else None,
                        "median": float(np.median(v))})

erfc = [{"x": float(t), "erfc": float(special.erfc(t))} for t in
        (-3.0, -1.0, -0.1, 0.0, 1e-8, 0.3, 1.0, 1.5, 1.99, 2.0, 2.5, 3.0, 4.5, 6.0, 10.0, 20.0)]

# bootstrap: percentile CI of the mean paired difference with many resamples; Java uses another RNG, so tests
# compare within Monte Carlo tolerance
boot = []
for n in (12, 40):
    a = rng.uniform(0.6, 0.9, n); b = a - rng.normal(0.02, 0.04, n)
    d = a - b
    idx = rng.integers(0, n, (200000, n))
    means = d[idx].mean(axis=1)
    boot.append({"a": r(a), "b": r(b), "mean_diff": float(d.mean()),
                 "lower": float(np.quantile(means, 0.025)), "upper": float(np.quantile(means, 0.975)),
                 "bootstrap_se": float(means.std())})

print(json.dumps({"generator": "make_reference.py", "numpy": np.__version__, "scipy": scipy.__version__,
                  "wilcoxon": cases, "descriptive": descriptive, "erfc": erfc, "bootstrap": boot}, indent=1))
