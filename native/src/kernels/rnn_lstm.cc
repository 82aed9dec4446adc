// Fused LSTM (tanh / sigmoid, Keras gate order i, f, c, o) forward and BPTT; semantics of
// src/backends/ref/rnn/lstm.ts.
#include "rnn_common.h"
#include "simd.h"

namespace rnnkit {
namespace {

using rnn::Buf;

/** c = f ⊙ cPrev + i ⊙ g; h = o ⊙ tanh(c) (one row). */
RNNKIT_ROW void lstmState(float* c, float* h, const float* i, const float* f, const float* g, const float* o,
                          const float* cPrev, int64_t H) {
  v8rows(H, [&](int64_t j, auto m) RNNKIT_LAMBDA {
    const v8f cn = v8load(f + j, m) * v8load(cPrev + j, m) + v8load(i + j, m) * v8load(g + j, m);
    v8store(c + j, cn, m);
    v8store(h + j, v8load(o + j, m) * v8tanh(cn), m);
  });
}

/**
 * Step s, rows [0, rows): gates [rows,4H] = the activated i, f, g, o of z + xp (z [rows,4H] = hm·U,
 * xp [rows,4H]); c, h = the new states (the previous ones where masked).
 */
RNNKIT_CLONES void lstmCellFwd(float* __restrict gates, float* __restrict h, float* __restrict c,
                               const float* __restrict z, const float* __restrict xp, const float* __restrict hPrev,
                               const float* __restrict cPrev, const float* mask, int64_t rows, int64_t H) {
  const int64_t G = 4 * H;
  for (int64_t r = 0; r < rows; ++r) {
    float* gr = gates + r * G;
    const float* zr = z + r * G;
    const float* xr = xp + r * G;
    const int64_t o = r * H;
    rnn::sigmoidOfSum(gr, zr, xr, H);
    rnn::sigmoidOfSum(gr + H, zr + H, xr + H, H);
    rnn::tanhOfSum(gr + 2 * H, zr + 2 * H, xr + 2 * H, H);
    rnn::sigmoidOfSum(gr + 3 * H, zr + 3 * H, xr + 3 * H, H);
    if (mask && mask[r] == 0.0f) {
      rnn::copyOf(c + o, cPrev + o, H);
      rnn::copyOf(h + o, hPrev + o, H);
    } else {
      lstmState(c + o, h + o, gr, gr + H, gr + 2 * H, gr + 3 * H, cPrev + o, H);
    }
  }
}

/** Gate pre-activation gradients of one row; dc ← dL/dc_{s−1}. */
RNNKIT_ROW void lstmGrads(float* di, float* df, float* dg, float* dO, float* dc, const float* gh, const float* i,
                          const float* f, const float* g, const float* o, const float* c, const float* cPrev,
                          int64_t H) {
  v8rows(H, [&](int64_t j, auto m) RNNKIT_LAMBDA {
    const v8f iv = v8load(i + j, m), fv = v8load(f + j, m), gv = v8load(g + j, m), ov = v8load(o + j, m);
    const v8f ghv = v8load(gh + j, m);
    const v8f tc = v8tanh(v8load(c + j, m));
    const v8f dcTot = v8load(dc + j, m) + ghv * ov * (1.0f - tc * tc);
    v8store(di + j, dcTot * gv * iv * (1.0f - iv), m);
    v8store(df + j, dcTot * v8load(cPrev + j, m) * fv * (1.0f - fv), m);
    v8store(dg + j, dcTot * iv * (1.0f - gv * gv), m);
    v8store(dO + j, ghv * tc * ov * (1.0f - ov), m);
    v8store(dc + j, dcTot * fv, m);
  });
}

/**
 * Step s: gh = dHSeq_s + dh (total dL/dh_s); for unmasked rows the gate pre-activation gradients
 * dZ [rows,4H] and dc ← dL/dc_{s−1}; masked rows get dZ = 0 and keep dc.
 */
RNNKIT_CLONES void lstmCellBwd(float* __restrict dZ, float* __restrict dc, float* __restrict gh,
                               const float* __restrict dHs, const float* __restrict dh, const float* __restrict gates,
                               const float* __restrict c, const float* __restrict cPrev, const float* mask,
                               int64_t rows, int64_t H) {
  const int64_t G = 4 * H;
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t o = r * H;
    float* dz = dZ + r * G;
    rnn::sumOf(gh + o, dHs + o, dh + o, H);
    if (mask && mask[r] == 0.0f) {
      rnn::zeroOf(dz, G);
      continue;
    }
    const float* gr = gates + r * G;
    lstmGrads(dz, dz + H, dz + 2 * H, dz + 3 * H, dc + o, gh + o, gr, gr + H, gr + 2 * H, gr + 3 * H, c + o,
              cPrev + o, H);
  }
}

}  // namespace

void lstmSeqForward(float* hSeq, float* cSeq, float* gates, const float* xProj, const float* U, const float* h0,
                    const float* c0, const float* recMask, const float* timeMask, int64_t T, int64_t B, int64_t H) {
  if (T <= 0 || B <= 0 || H <= 0) return;
  const int64_t BH = B * H, G = 4 * H;
  PackedMatrix Up(0);
  Up.pack(U, G, H, false);
  auto slice = [&](int64_t b0, int64_t b1) {
    const int64_t rows = b1 - b0, n = rows * H;
    Buf hm(8, recMask ? n : 0), z(9, rows * G);  // hm [rows,H], z [rows,4H]
    for (int64_t s = 0; s < T; ++s) {
      const float* hPrev = rnn::prev(hSeq, h0, s, B, H, b0);
      const float* hin = hPrev;
      if (recMask) { rnn::mulTo(hm.get(), hPrev, recMask + b0 * H, n); hin = hm.get(); }
      sgemmPacked(z.get(), G, hin, rows, Up, false);
      lstmCellFwd(gates + (s * B + b0) * G, hSeq + s * BH + b0 * H, cSeq + s * BH + b0 * H, z.get(),
                  xProj + (s * B + b0) * G, hPrev, rnn::prev(cSeq, c0, s, B, H, b0),
                  timeMask ? timeMask + s * B + b0 : nullptr, rows, H);
    }
  };
  rnn::forSlices(rnn::sliceTasks(T, B, H * G), B, slice);
}

void lstmSeqBackward(float* dXProj, float* dU, float* dH0, float* dC0, const float* dHSeq, const float* dCLast,
                     const float* hSeq, const float* cSeq, const float* gates, const float* U, const float* h0,
                     const float* c0, const float* recMask, const float* timeMask, int64_t T, int64_t B, int64_t H) {
  if (B <= 0 || H <= 0) return;
  const int64_t BH = B * H, G = 4 * H;
  PackedMatrix Ut(0);  // Uᵀ packed: dh = dZ · Uᵀ
  Ut.pack(U, H, G, true);
  Buf dZ(2, T * B * G), hIn(4, recMask ? T * BH : 0);  // dZ [T,B,4H], hIn [T,B,H] (recMask only)
  auto slice = [&](int64_t b0, int64_t b1) {
    const int64_t rows = b1 - b0, n = rows * H;
    Buf dhB(8, n), dcB(9, n), ghB(10, n);  // dh, dc: dL/dh_s, dL/dc_s from later steps; gh: total dL/dh_s; [rows,H]
    float* dh = dhB.get();
    float* dc = dcB.get();
    float* gh = ghB.get();
    std::memset(dh, 0, sizeof(float) * n);
    if (dCLast) std::memcpy(dc, dCLast + b0 * H, sizeof(float) * n);
    else std::memset(dc, 0, sizeof(float) * n);
    for (int64_t s = T - 1; s >= 0; --s) {
      const int64_t o = s * BH + b0 * H, og = (s * B + b0) * G;
      const float* mask = timeMask ? timeMask + s * B + b0 : nullptr;
      float* dz = dZ.get() + og;
      lstmCellBwd(dz, dc, gh, dHSeq + o, dh, gates + og, cSeq + o, rnn::prev(cSeq, c0, s, B, H, b0), mask, rows, H);
      rnn::addTo(dXProj + og, dz, rows * G);
      sgemmPacked(dh, H, dz, rows, Ut, false);
      if (recMask) rnn::mulBy(dh, recMask + b0 * H, n);
      if (mask)
        for (int64_t r = 0; r < rows; ++r)
          if (mask[r] == 0.0f) std::memcpy(dh + r * H, gh + r * H, sizeof(float) * H);
    }
    if (dH0) rnn::addTo(dH0 + b0 * H, dh, n);
    if (dC0) rnn::addTo(dC0 + b0 * H, dc, n);
    if (recMask) rnn::recInputs(hIn.get(), hSeq, h0, recMask, T, B, H, b0, b1);
  };
  rnn::forSlices(rnn::sliceTasks(T, B, 2 * H * G), B, slice);
  rnn::recWeightGrad(dU, hIn.get(), hSeq, h0, dZ.get(), T, B, H, G, true);  // dU += hInᵀ · dZ
}

}  // namespace rnnkit
