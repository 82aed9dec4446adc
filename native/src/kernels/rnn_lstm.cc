// Fused LSTM (tanh / sigmoid, Keras gate order i, f, c, o) forward and BPTT; semantics of
// src/backends/ref/rnn/lstm.ts.
#include "rnn_common.h"
#include "simd.h"

namespace rnnkit {
namespace {

using rnn::Buf;

/** One row: gates [4H] = the activated i, f, g, o of z + xp; c = f ⊙ cPrev + i ⊙ g; h = o ⊙ tanh(c). */
RNNKIT_ROW void lstmRow(float* gates, float* c, float* h, const float* z, const float* xp, const float* cPrev,
                        int64_t H) {
  v8rows(H, [&](int64_t j, auto m) RNNKIT_LAMBDA {
    const v8f i = v8sigmoid(v8load(z + j, m) + v8load(xp + j, m));
    const v8f f = v8sigmoid(v8load(z + H + j, m) + v8load(xp + H + j, m));
    const v8f g = v8tanh(v8load(z + 2 * H + j, m) + v8load(xp + 2 * H + j, m));
    const v8f o = v8sigmoid(v8load(z + 3 * H + j, m) + v8load(xp + 3 * H + j, m));
    v8store(gates + j, i, m);
    v8store(gates + H + j, f, m);
    v8store(gates + 2 * H + j, g, m);
    v8store(gates + 3 * H + j, o, m);
    const v8f cn = f * v8load(cPrev + j, m) + i * g;
    v8store(c + j, cn, m);
    v8store(h + j, o * v8tanh(cn), m);
  });
}

/**
 * Step s, rows [0, rows): gates [rows,4H] = the activated i, f, g, o of z + xp (z [rows,4H] = hm·U,
 * xp [rows,4H]; gates may BE xp: each row's four xp blocks are read before its gates are stored);
 * c, h = the new states (the previous ones where masked). z is a small hot scratch:
 * letting the GEMM write into the (cold) gates rows instead cost more in the GEMM than it saved.
 */
RNNKIT_CLONES void lstmCellFwd(float* gates, float* __restrict h, float* __restrict c,
                               const float* __restrict z, const float* xp, const float* __restrict hPrev,
                               const float* __restrict cPrev, const float* mask, int64_t rows, int64_t H) {
  const int64_t G = 4 * H;
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t o = r * H;
    lstmRow(gates + r * G, c + o, h + o, z + r * G, xp + r * G, cPrev + o, H);
    if (mask && mask[r] == 0.0f) {
      rnn::copyOf(c + o, cPrev + o, H);
      rnn::copyOf(h + o, hPrev + o, H);
    }
  }
}

/** Gate pre-activation gradients of one row (written to dz [4H]); dc ← dL/dc_{s−1}; gh = dHs + dh. */
RNNKIT_ROW void lstmGrads(float* dz, float* dc, const float* dHs, const float* dh, const float* gates, const float* c,
                          const float* cPrev, int64_t H) {
  v8rows(H, [&](int64_t j, auto m) RNNKIT_LAMBDA {
    const v8f iv = v8load(gates + j, m), fv = v8load(gates + H + j, m), gv = v8load(gates + 2 * H + j, m),
              ov = v8load(gates + 3 * H + j, m);
    const v8f ghv = v8load(dHs + j, m) + v8load(dh + j, m);
    const v8f tc = v8tanh(v8load(c + j, m));
    const v8f dcTot = v8load(dc + j, m) + ghv * ov * (1.0f - tc * tc);
    v8store(dz + j, dcTot * gv * iv * (1.0f - iv), m);
    v8store(dz + H + j, dcTot * v8load(cPrev + j, m) * fv * (1.0f - fv), m);
    v8store(dz + 2 * H + j, dcTot * iv * (1.0f - gv * gv), m);
    v8store(dz + 3 * H + j, ghv * tc * ov * (1.0f - ov), m);
    v8store(dc + j, dcTot * fv, m);
  });
}

/**
 * Step s: for unmasked rows the gate pre-activation gradients dZ [rows,4H] (written) and
 * dc ← dL/dc_{s−1}; masked rows get dZ = 0, keep dc, and gh [rows,H] = dHs + dh (the total
 * dL/dh_s they carry on; gh is not written for the other rows).
 */
RNNKIT_CLONES void lstmCellBwd(float* __restrict dZ, float* __restrict dc, float* __restrict gh,
                               const float* __restrict dHs, const float* __restrict dh, const float* __restrict gates,
                               const float* __restrict c, const float* __restrict cPrev, const float* mask,
                               int64_t rows, int64_t H) {
  const int64_t G = 4 * H;
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t o = r * H;
    if (mask && mask[r] == 0.0f) {
      rnn::sumOf(gh + o, dHs + o, dh + o, H);
      rnn::zeroOf(dZ + r * G, G);
    } else {
      lstmGrads(dZ + r * G, dc + o, dHs + o, dh + o, gates + r * G, c + o, cPrev + o, H);
    }
  }
}

}  // namespace

void lstmSeqForward(float* hSeq, float* cSeq, float* gates, const float* xProj, const int32_t* xIds, const float* U,
                    const float* h0, const float* c0, const float* recMask, const float* timeMask, int64_t T,
                    int64_t B, int64_t H) {
  if (T <= 0 || B <= 0 || H <= 0) return;
  const int64_t BH = B * H, G = 4 * H;
  const rnn::XProj xin{xProj, xIds, B, G};
  PackedMatrix Up(0);
  Up.pack(U, G, H, false);
  auto slice = [&](int64_t b0, int64_t b1) {
    const int64_t rows = b1 - b0, n = rows * H;
    // hm [rows,H], z [rows,4H]; gs [rows,4H]: the gates when not kept (gates null)
    Buf hm(8, recMask ? n : 0), z(9, rows * G), gs(13, gates ? 0 : rows * G);
    for (int64_t s = 0; s < T; ++s) {
      const float* hPrev = rnn::prev(hSeq, h0, s, B, H, b0);
      const float* hin = hPrev;
      if (recMask) { rnn::mulTo(hm.get(), hPrev, recMask + b0 * H, n); hin = hm.get(); }
      sgemmPacked(z.get(), G, hin, rows, Up, false);
      // The cell overwrites its input rows with the gates: picked table rows (xIds) are copied
      // straight into the step's gates rows (the lines the cell writes anyway, no extra scratch).
      float* g = rnn::stepCache(gates, gs.get(), s, B, b0, G);
      lstmCellFwd(g, hSeq + s * BH + b0 * H, cSeq + s * BH + b0 * H, z.get(), xin.rows(s, b0, rows, g), hPrev,
                  rnn::prev(cSeq, c0, s, B, H, b0), timeMask ? timeMask + s * B + b0 : nullptr, rows, H);
    }
  };
  rnn::forSlices(rnn::sliceTasks(T, B, H * G), B, slice);
}

void lstmSeqBackward(float* dXProj, float* dU, float* dBias, float* dH0, float* dC0, const float* dHSeq, const float* dHLast,
                     const float* dCLast,
                     const float* hSeq, const float* cSeq, const float* gates, const float* U, const float* h0,
                     const float* c0, const float* recMask, const float* timeMask, int64_t T, int64_t B, int64_t H) {
  if (B <= 0 || H <= 0) return;
  const int64_t BH = B * H, G = 4 * H;
  PackedMatrix Ut(0);  // Uᵀ packed: dh = dZ · Uᵀ
  Ut.pack(U, H, G, true);
  Buf hIn(4, recMask ? T * BH : 0);  // hIn [T,B,H] (recMask only)
  const rnn::BiasGrad dB(dBias, B, G);
  auto slice = [&](int64_t b0, int64_t b1) {
    const int64_t rows = b1 - b0, n = rows * H;
    // dh, dc: dL/dh_s, dL/dc_s from later steps; gh: total dL/dh_s of masked rows; [rows,H]
    Buf dhB(8, n), dcB(9, n), ghB(10, n);
    const rnn::ZeroRows zeros(11, dHSeq, n);  // the step gradients when dHSeq is null
    float* dh = dhB.get();
    float* dc = dcB.get();
    float* gh = ghB.get();
    rnn::startGrad(dh, dHLast, b0, H, n);
    rnn::startGrad(dc, dCLast, b0, H, n);
    for (int64_t s = T - 1; s >= 0; --s) {
      const int64_t o = s * BH + b0 * H, og = (s * B + b0) * G;
      const float* mask = timeMask ? timeMask + s * B + b0 : nullptr;
      float* dz = dXProj + og;  // the gate pre-activation gradients of step s
      lstmCellBwd(dz, dc, gh, rnn::seqGrad(dHSeq, zeros.get(), o), dh, gates + og, cSeq + o, rnn::prev(cSeq, c0, s, B, H, b0), mask, rows, H);
      dB.add(b0, dz, rows);
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
  dB.finish();
  rnn::recWeightGrad(dU, hIn.get(), hSeq, h0, dXProj, T, B, H, G, true);  // dU += hInᵀ · dXProj
}

}  // namespace rnnkit
