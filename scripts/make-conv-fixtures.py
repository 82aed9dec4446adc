#!/usr/bin/env python3
"""Writes Conv1D reference outputs and gradients computed with PyTorch (float64) to
test/fixtures/conv/conv1d.json, for test/layers/conv/fixtures.test.ts.

Layouts: Keras/rnnkit keep x as [B, T, C] and the kernel as [k, C, F]; PyTorch's conv1d wants
x as [B, C, T] and the weight as [F, C, k], so weight = kernel.permute(2, 1, 0).
Padding follows TensorFlow (which Keras uses): 'same' pads total = max((ceil(T/s) - 1)*s + keff - T, 0)
zeros, floor(total/2) on the left and the rest on the right; 'causal' pads keff - 1 zeros on the left.
The loss whose gradients are stored is sum(r * y) with a fixed random r of y's shape.

Usage: /usr/bin/python3 scripts/make-conv-fixtures.py
"""
import json
import math
import os

import torch
import torch.nn.functional as F

torch.manual_seed(7)

CASES = [
    # name, B, T, C, F, k, stride, dilation, padding
    ("valid", 2, 7, 3, 4, 3, 1, 1, "valid"),
    ("same", 2, 7, 3, 4, 3, 1, 1, "same"),
    ("same_even_kernel", 2, 6, 2, 3, 4, 1, 1, "same"),
    ("causal", 2, 7, 3, 4, 3, 1, 1, "causal"),
    ("valid_stride2", 2, 8, 3, 4, 3, 2, 1, "valid"),
    ("same_stride2", 2, 8, 3, 4, 3, 2, 1, "same"),
    ("causal_stride2", 1, 7, 2, 3, 2, 2, 1, "causal"),
    ("valid_dilation2", 2, 9, 3, 4, 3, 1, 2, "valid"),
    ("same_dilation2", 2, 7, 2, 3, 3, 1, 2, "same"),
    ("causal_dilation2", 2, 7, 2, 3, 2, 1, 2, "causal"),
]


def pads(T, k, s, d, padding):
    keff = (k - 1) * d + 1
    if padding == "valid":
        return 0, 0
    if padding == "causal":
        return keff - 1, 0
    out = math.ceil(T / s)
    total = max((out - 1) * s + keff - T, 0)
    return total // 2, total - total // 2


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def main():
    cases = []
    for name, B, T, C, Fo, k, s, d, padding in CASES:
        x = torch.randn(B, T, C, dtype=torch.float64, requires_grad=True)
        kernel = (0.5 * torch.randn(k, C, Fo, dtype=torch.float64)).requires_grad_(True)  # Keras [k, C, F]
        bias = (0.1 * torch.randn(Fo, dtype=torch.float64)).requires_grad_(True)
        left, right = pads(T, k, s, d, padding)
        xt = F.pad(x.permute(0, 2, 1), (left, right))  # [B, C, T + pad]
        y = F.conv1d(xt, kernel.permute(2, 1, 0), bias, stride=s, dilation=d).permute(0, 2, 1)  # [B, T', F]
        r = torch.randn(y.shape, dtype=torch.float64)
        (y * r).sum().backward()
        cases.append({
            "name": name, "padding": padding, "strides": s, "dilationRate": d, "kernelSize": k, "filters": Fo,
            "xShape": list(x.shape), "x": flat(x), "kernel": flat(kernel), "bias": flat(bias),
            "yShape": list(y.shape), "y": flat(y), "r": flat(r),
            "dX": flat(x.grad), "dKernel": flat(kernel.grad), "dBias": flat(bias.grad),
        })
    out = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "conv", "conv1d.json")
    with open(out, "w") as f:
        json.dump({"generator": "scripts/make-conv-fixtures.py", "torch": torch.__version__, "cases": cases}, f)
    print(f"wrote {len(cases)} cases to {os.path.normpath(out)}")


if __name__ == "__main__":
    main()
