#!/usr/bin/env python3
"""Reference values of NT-Xent (MONAI ContrastiveLoss) and voxel InfoNCE, as published and bounded, for
BoundedBaselinesTest, in float64 numpy, written from the formulas (no fess code).

NT-Xent:  r = [a^; b^] (2B rows, L2-normalised), s = r r^T / tau,
          L  = 1/(2B) sum_i -log( exp(s_{i,i+-B}) / sum_{j != i} exp(s_ij) )
          L' = L / log(2B - 1)                       (each row: 1 positive among 2B - 1 candidates)
InfoNCE:  s_ij = a^_i . b^_j / tau (N rows each),
          L  = 1/2 mean_i [ -log softmax_j(s_ij)_i - log softmax_j(s_ji)_i ]
          L' = L / log(N)                            (each row: 1 twin among N candidates)
Run: python3 baselines_bounded.py
"""
import numpy as np

# ReferenceValuesTest's rows (view 1 and view 2)
A = np.array([[1.0, 0.2, 0.0], [0.9, 0.1, 0.3], [0.0, 1.0, 0.2], [0.1, 0.8, -0.1], [-0.2, 0.9, 0.4],
              [0.3, -0.5, 1.0]])
B = np.array([[0.8, 0.3, 0.1], [1.0, 0.0, 0.2], [0.1, 0.9, 0.3], [0.0, 0.7, 0.0], [-0.1, 1.0, 0.5],
              [0.2, -0.4, 0.9]])


def unit(x):
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def log_softmax_row(v):
    m = np.max(v)
    return v - (m + np.log(np.sum(np.exp(v - m))))


def ntxent(a, b, tau, bounded):
    n_half = len(a)
    r = np.concatenate([unit(a), unit(b)])
    s = r @ r.T / tau
    n = 2 * n_half
    total = 0.0
    for i in range(n):
        others = [j for j in range(n) if j != i]
        pos = (i + n_half) % n
        logp = s[i, pos] - np.log(np.sum(np.exp(s[i, others])))
        total += -logp
    loss = total / n
    return loss / np.log(n - 1) if bounded else loss


def infonce(a, b, tau, bounded):
    s = unit(a) @ unit(b).T / tau
    n = len(a)
    rows = [-log_softmax_row(s[i, :])[i] for i in range(n)]
    cols = [-log_softmax_row(s[:, i])[i] for i in range(n)]
    loss = 0.5 * (np.mean(rows) + np.mean(cols))
    return loss / np.log(n) if bounded else loss


if __name__ == "__main__":
    for tau in (0.5, 0.1):
        print(f"ntxent 6+6 tau {tau}: monai {ntxent(A, B, tau, False):.6f} bounded {ntxent(A, B, tau, True):.6f}")
        print(f"infonce 6 tau {tau}: paper {infonce(A, B, tau, False):.6f} bounded {infonce(A, B, tau, True):.6f}")
    # B = 2 as in training (batch 2): the first two rows of each view
    print(f"ntxent 2+2 tau 0.5: monai {ntxent(A[:2], B[:2], 0.5, False):.6f} "
          f"bounded {ntxent(A[:2], B[:2], 0.5, True):.6f}")
    # all rows equal: every candidate equally likely, bounded value 1
    same = np.ones((4, 3))
    print(f"equal rows: ntxent bounded {ntxent(same, same, 0.5, True):.6f} "
          f"infonce bounded {infonce(same, same, 0.5, True):.6f}")
