#!/usr/bin/env python3
"""Reference outputs and gradients for rnnkit's recurrent layers, computed with PyTorch.

Run: /usr/bin/python3 scripts/make-rnn-fixtures.py   (writes test/fixtures/rnn/*.json)

Weights are drawn in KERAS layout (kernel [D, kH], recurrent_kernel [H, kH], bias) and mapped to
torch's layout here:
  - LSTM: torch weight_ih [4H, D] = kernel.T (same gate order i, f, g(=c), o); weight_hh = recurrent.T;
          b_ih = bias, b_hh = 0 (Keras has one bias = b_ih + b_hh).
  - GRU resetAfter=true: torch nn.GRU with gate order r, z, n; Keras blocks z, r, h are reordered;
          bias[0] -> b_ih, bias[1] -> b_hh (both reordered).
  - GRU resetAfter=false: torch has no such cell; the recurrence is written out by hand below.
  - SimpleRNN: torch nn.RNN(tanh), weight_ih = kernel.T, weight_hh = recurrent.T, b_ih = bias, b_hh = 0.
The scalar is L = sum(seq * r) + sum(last_h * r_last) (+ sum(last_c * r_c) for LSTM), with seq the
whole output sequence [B, T, H] in processing order (goBackwards: torch runs on the time-flipped
input). Gradients: of L w.r.t. the input x and every Keras-layout weight. float64 throughout.
"""
import json
import os

import torch

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'rnn')


def rnd(*shape, scale=0.5):
    return (torch.rand(*shape) * 2 - 1) * scale


def blocks(m, H, order):
    """Reorders the last-axis gate blocks of m (each H wide) by index list `order`."""
    return torch.cat([m[..., k * H:(k + 1) * H] for k in order], dim=-1)


def module_fwd(mod, kind, H):
    """Runs a torch module on Keras-layout weights: copies them in (mapped), and maps the
    parameter gradients back to Keras layout after backward (see grads_to_keras)."""
    perm = [1, 0, 2] if kind == 'gru' else list(range({'lstm': 4, 'simple': 1}.get(kind, 3)))
    def fwd(xx, W, U, b):
        with torch.no_grad():
            if kind == 'gru':
                mod.weight_ih_l0.copy_(blocks(W, H, perm).T)
                mod.weight_hh_l0.copy_(blocks(U, H, perm).T)
                mod.bias_ih_l0.copy_(blocks(b[0], H, perm))
                mod.bias_hh_l0.copy_(blocks(b[1], H, perm))
            else:
                mod.weight_ih_l0.copy_(W.T)
                mod.weight_hh_l0.copy_(U.T)
                mod.bias_ih_l0.copy_(b)
                mod.bias_hh_l0.zero_()
        res = mod(xx)
        if kind == 'lstm':
            out, (h, c) = res
            return out, h[0], c[0]
        out, h = res
        return out, h[0], None

    def grads_to_keras():
        gi, gh = mod.weight_ih_l0.grad, mod.weight_hh_l0.grad
        if kind == 'gru':
            inv = [1, 0, 2]  # torch r, z, n -> Keras z, r, h
            dW = blocks(gi.T, H, inv)
            dU = blocks(gh.T, H, inv)
            db = torch.stack([blocks(mod.bias_ih_l0.grad, H, inv), blocks(mod.bias_hh_l0.grad, H, inv)])
            return dW, dU, db
        return gi.T, gh.T, mod.bias_ih_l0.grad
    return fwd, grads_to_keras


def run_gru_before(H):
    def fwd(xx, W, U, b):
        B, T, _ = xx.shape
        h = torch.zeros(B, H)
        outs = []
        for t in range(T):
            xp = xx[:, t] @ W + b
            rz = h @ U[:, :2 * H]
            z = torch.sigmoid(xp[:, :H] + rz[:, :H])
            r = torch.sigmoid(xp[:, H:2 * H] + rz[:, H:])
            hh = torch.tanh(xp[:, 2 * H:] + (r * h) @ U[:, 2 * H:])
            h = z * h + (1 - z) * hh
            outs.append(h)
        return torch.stack(outs, 1), h, None
    return fwd


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def make(name, kind, B, T, D, H, seed, reset_after=True, go_backwards=False):
    torch.manual_seed(seed)
    k = {'lstm': 4, 'gru': 3, 'simple': 1}[kind]
    x = rnd(B, T, D, scale=1.0).requires_grad_()
    W = rnd(D, k * H).requires_grad_()
    U = rnd(H, k * H).requires_grad_()
    b = (rnd(2, 3 * H) if kind == 'gru' and reset_after else rnd(k * H)).requires_grad_()
    r = rnd(B, T, H, scale=1.0)
    r_last = rnd(B, H, scale=1.0)
    r_c = rnd(B, H, scale=1.0)
    to_keras = None
    if kind == 'gru' and not reset_after:
        fwd = run_gru_before(H)
    else:
        mod = {'lstm': torch.nn.LSTM, 'gru': torch.nn.GRU}.get(kind)
        mod = mod(D, H, batch_first=True) if mod else torch.nn.RNN(D, H, batch_first=True, nonlinearity='tanh')
        fwd, to_keras = module_fwd(mod, kind, H)
    xx = torch.flip(x, [1]) if go_backwards else x
    seq, h, c = fwd(xx, W, U, b)
    loss = (seq * r).sum() + (h * r_last).sum()
    if c is not None:
        loss = loss + (c * r_c).sum()
    loss.backward()
    dW, dU, db = to_keras() if to_keras else (W.grad, U.grad, b.grad)
    data = {
        'name': name, 'kind': kind, 'resetAfter': reset_after, 'goBackwards': go_backwards,
        'B': B, 'T': T, 'D': D, 'H': H,
        'x': flat(x), 'kernel': flat(W), 'recurrentKernel': flat(U), 'bias': flat(b), 'biasShape': list(b.shape),
        'r': flat(r), 'rLast': flat(r_last), 'rC': flat(r_c),
        'seq': flat(seq), 'lastH': flat(h), 'lastC': flat(c) if c is not None else None,
        'loss': float(loss),
        'dx': flat(x.grad), 'dKernel': flat(dW), 'dRecurrentKernel': flat(dU), 'dBias': flat(db),
        'generator': 'scripts/make-rnn-fixtures.py (PyTorch %s, float64)' % torch.__version__,
    }
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name + '.json'), 'w') as f:
        json.dump(data, f, separators=(',', ':'))
    print('wrote', name, 'loss', float(loss))


if __name__ == '__main__':
    make('lstm', 'lstm', B=2, T=4, D=3, H=5, seed=1)
    make('lstm-backwards', 'lstm', B=2, T=4, D=3, H=4, seed=2, go_backwards=True)
    make('gru-reset-after', 'gru', B=2, T=4, D=3, H=5, seed=3, reset_after=True)
    make('gru-reset-before', 'gru', B=2, T=4, D=3, H=5, seed=4, reset_after=False)
    make('simple-rnn', 'simple', B=3, T=5, D=2, H=4, seed=5)
