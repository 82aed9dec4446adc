// Fused SimpleRNN (tanh) forward and BPTT; semantics of src/backends/ref/rnn/simple.ts.
#include "rnn_common.h"
#include "simd.h"

namespace rnnkit {
namespace {

using rnn::Buf;

/** Step s, rows [0, rows): h = masked ? hPrev : tanh(z + xp). z [rows,H] holds hm·U (hot scratch). */
RNNKIT_CLONES void simpleCellFwd(float* __restrict h, const float* __restrict z, const float* __restrict xp,
                                 const float* __restrict hPrev, const float* mask, int64_t rows, int64_t H) {
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t o = r * H;
    if (mask && mask[r] == 0.0f) rnn::copyOf(h + o, hPrev + o, H);
    else rnn::tanhOfSum(h + o, z + o, xp + o, H);
  }
}

/** dZ = (dHs + dh) ⊙ (1 − h²) (one row). */
RNNKIT_ROW void tanhGrad(float* dZ, const float* dHs, const float* dh, const float* h, int64_t H) {
  v8rows(H, [&](int64_t j, auto m) RNNKIT_LAMBDA {
    const v8f hv = v8load(h + j, m);
    v8store(dZ + j, (v8load(dHs + j, m) + v8load(dh + j, m)) * (1.0f - hv * hv), m);
  });
}

/**
 * Step s: dZ [rows,H] (written) = (dHs + dh) ⊙ (1 − h²), 0 on masked rows; g [rows,H] = dHs + dh
 * (the total dL/dh_s) on the masked rows only, which carry it on.
 */
RNNKIT_CLONES void simpleCellBwd(float* __restrict dZ, float* __restrict g, const float* __restrict dHs,
                                 const float* __restrict dh, const float* __restrict h, const float* mask, int64_t rows,
                                 int64_t H) {
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t o = r * H;
    if (mask && mask[r] == 0.0f) {
      rnn::sumOf(g + o, dHs + o, dh + o, H);
      rnn::zeroOf(dZ + o, H);
    } else {
      tanhGrad(dZ + o, dHs + o, dh + o, h + o, H);
    }
  }
}

}  // namespace

void simpleRnnSeqForward(float* hSeq, const float* xProj, const int32_t* xIds, const float* U, const float* h0,
                         const float* recMask, const float* timeMask, int64_t T, int64_t B, int64_t H) {
  if (T <= 0 || B <= 0 || H <= 0) return;
  PackedMatrix Up(0);
  Up.pack(U, H, H, false);
  const int64_t BH = B * H;
  const rnn::XProj xin{xProj, xIds, B, H};
  auto slice = [&](int64_t b0, int64_t b1) {
    const int64_t rows = b1 - b0, n = rows * H;
    Buf hm(8, recMask ? n : 0), z(9, n), xs(12, xIds ? n : 0);  // hm, z [rows,H]; xs [rows,H]: picked table rows
    for (int64_t s = 0; s < T; ++s) {
      const float* hPrev = rnn::prev(hSeq, h0, s, B, H, b0);
      const float* hin = hPrev;
      if (recMask) { rnn::mulTo(hm.get(), hPrev, recMask + b0 * H, n); hin = hm.get(); }
      sgemmPacked(z.get(), H, hin, rows, Up, false);
      simpleCellFwd(hSeq + s * BH + b0 * H, z.get(), xin.rows(s, b0, rows, xs.get()), hPrev,
                    timeMask ? timeMask + s * B + b0 : nullptr, rows, H);
    }
  };
  rnn::forSlices(rnn::sliceTasks(T, B, H * H), B, slice);
}

void simpleRnnSeqBackward(float* dXProj, float* dU, float* dBias, float* dH0, const float* dHSeq, const float* dHLast,
                          const float* hSeq, const float* U, const float* h0, const float* recMask,
                          const float* timeMask, int64_t T, int64_t B, int64_t H) {
  if (B <= 0 || H <= 0) return;
  PackedMatrix Ut(0);  // Uᵀ packed: dh = dZ · Uᵀ
  Ut.pack(U, H, H, true);
  const int64_t BH = B * H;
  Buf hIn(4, recMask ? T * BH : 0);  // hIn [T,B,H] (recMask only)
  const rnn::BiasGrad dB(dBias, B, H);
  auto slice = [&](int64_t b0, int64_t b1) {
    const int64_t rows = b1 - b0, n = rows * H;
    Buf dhB(8, n), gB(9, n);  // dh [rows,H]: dL/dh_s from later steps; g [rows,H]: total dL/dh_s (masked rows)
    const rnn::ZeroRows zeros(10, dHSeq, n);  // the step gradients when dHSeq is null
    float* dh = dhB.get();
    float* g = gB.get();
    rnn::startGrad(dh, dHLast, b0, H, n);
    for (int64_t s = T - 1; s >= 0; --s) {
      const int64_t o = s * BH + b0 * H;
      const float* mask = timeMask ? timeMask + s * B + b0 : nullptr;
      float* dz = dXProj + o;  // the pre-activation gradients of step s
      simpleCellBwd(dz, g, rnn::seqGrad(dHSeq, zeros.get(), o), dh, hSeq + o, mask, rows, H);
      dB.add(b0, dz, rows);
      sgemmPacked(dh, H, dz, rows, Ut, false);
      if (recMask) rnn::mulBy(dh, recMask + b0 * H, n);
      if (mask)
        for (int64_t r = 0; r < rows; ++r)
          if (mask[r] == 0.0f) std::memcpy(dh + r * H, g + r * H, sizeof(float) * H);
    }
    if (dH0) rnn::addTo(dH0 + b0 * H, dh, n);
    if (recMask) rnn::recInputs(hIn.get(), hSeq, h0, recMask, T, B, H, b0, b1);
  };
  rnn::forSlices(rnn::sliceTasks(T, B, 2 * H * H), B, slice);
  dB.finish();
  rnn::recWeightGrad(dU, hIn.get(), hSeq, h0, dXProj, T, B, H, H, true);  // dU += hInᵀ · dXProj
}

}  // namespace rnnkit
