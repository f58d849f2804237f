#!/usr/bin/env python3
"""Reference values of the plain and the bounded SupCon (fess-bounded) for BoundedSupConTest, in float64 numpy.

plain:   L  = mean_i l_i,  l_i = -1/|P(i)| sum_{p in P(i)} log( exp(s_ip) / sum_{a != i} exp(s_ia) ),  s = z z^T / tau
bounded: L' = mean_i (l_i - log|P(i)|) / log(N - 1)
over anchors i with |P(i)| > 0, rows L2-normalised. Run: python3 supcon_bounded.py
"""
import numpy as np

EMB = np.array([[1.0, 0.2, 0.0], [0.9, 0.1, 0.3], [0.0, 1.0, 0.2], [0.1, 0.8, -0.1], [-0.2, 0.9, 0.4],
                [0.3, -0.5, 1.0]])
LAB = np.array([0, 0, 1, 1, 1, 2])


def supcon(z, lab, tau, bounded):
    z = z / np.linalg.norm(z, axis=1, keepdims=True)
    s = z @ z.T / tau
    n = len(lab)
    terms = []
    for i in range(n):
        pos = [p for p in range(n) if p != i and lab[p] == lab[i]]
        if not pos:
            continue
        others = [a for a in range(n) if a != i]
        log_den = np.log(np.sum(np.exp(s[i, others])))
        l_i = -np.mean([s[i, p] - log_den for p in pos])
        terms.append((l_i - np.log(len(pos))) / np.log(n - 1) if bounded else l_i)
    return float(np.mean(terms))


if __name__ == "__main__":
    for tau in (0.5, 0.1):
        print(f"tau {tau}: plain {supcon(EMB, LAB, tau, False):.6f} bounded {supcon(EMB, LAB, tau, True):.6f}")
    # 12 rows, 3 classes of 4: seeded Gaussian rows (numpy default_rng(7)), tau 0.5
    z = np.random.default_rng(7).normal(size=(12, 5))
    lab = np.repeat([0, 1, 2], 4)
    np.set_printoptions(precision=17)
    print("rows", repr(z.ravel().tolist()))
    print(f"12 rows: plain {supcon(z, lab, 0.5, False):.6f} bounded {supcon(z, lab, 0.5, True):.6f}")
    # lower bound reached: one-hot rows per class, tau 0.05 (negatives vanish)
    onehot = np.eye(3)[lab]
    print(f"one-hot tau 0.05: bounded {supcon(onehot, lab, 0.05, True):.6f}")
