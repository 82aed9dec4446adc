// Fused GRU (tanh / sigmoid, Keras gate order z, r, h; both resetAfter variants) forward and BPTT;
// semantics of src/backends/ref/rnn/gru.ts. cache [T,B,4H] per step: z, r, ĥ and rec_h
// (resetAfter: hm·U_h + bRec_h) or r ⊙ hm (!resetAfter).
#include "rnn_common.h"
#include "simd.h"

namespace rnnkit {
namespace {

using rnn::Buf;

/** Copies columns [c0, c0 + w) of a row-major [rows, cols] matrix into a contiguous [rows, w] one. */
void copyCols(float* dst, const float* src, int64_t rows, int64_t cols, int64_t c0, int64_t w) {
  for (int64_t r = 0; r < rows; ++r) std::memcpy(dst + r * w, src + r * cols + c0, sizeof(float) * w);
}

/** Adds a contiguous [rows, w] matrix into columns [c0, c0 + w) of a row-major [rows, cols] one. */
void addCols(float* dst, const float* src, int64_t rows, int64_t cols, int64_t c0, int64_t w) {
  for (int64_t r = 0; r < rows; ++r) rnn::addTo(dst + r * cols + c0, src + r * w, w);
}

/** resetAfter, one row: cz, cr, ch, cRec = cache blocks; x*, r* = xProj and rec blocks; b* = bRec blocks. */
RNNKIT_ROW void gruAfterRow(float* cz, float* cr, float* ch, float* cRec, float* h, const float* xz, const float* xr,
                            const float* xh, const float* rz, const float* rr, const float* rh, const float* bz,
                            const float* br, const float* bh, const float* hPrev, int64_t H) {
  v8rows(H, [&](int64_t j, auto m) RNNKIT_LAMBDA {
    const v8f z = v8sigmoid(v8load(xz + j, m) + (v8load(rz + j, m) + v8load(bz + j, m)));
    const v8f r = v8sigmoid(v8load(xr + j, m) + (v8load(rr + j, m) + v8load(br + j, m)));
    const v8f recH = v8load(rh + j, m) + v8load(bh + j, m);
    const v8f hh = v8tanh(v8load(xh + j, m) + r * recH);
    v8store(cz + j, z, m);
    v8store(cr + j, r, m);
    v8store(ch + j, hh, m);
    v8store(cRec + j, recH, m);
    v8store(h + j, z * v8load(hPrev + j, m) + (1.0f - z) * hh, m);
  });
}

/** resetAfter step: rec [rows,3H] = hm·U (bRec [3H] added here); writes cache and h. */
RNNKIT_CLONES void gruCellFwdAfter(float* __restrict h, float* __restrict cache, const float* __restrict rec,
                                   const float* __restrict bRec, const float* __restrict xp,
                                   const float* __restrict hPrev, const float* mask, int64_t rows, int64_t H) {
  for (int64_t r = 0; r < rows; ++r) {
    float* c = cache + r * 4 * H;
    const float* x = xp + r * 3 * H;
    const float* rc = rec + r * 3 * H;
    const int64_t o = r * H;
    gruAfterRow(c, c + H, c + 2 * H, c + 3 * H, h + o, x, x + H, x + 2 * H, rc, rc + H, rc + 2 * H, bRec, bRec + H,
                bRec + 2 * H, hPrev + o, H);
    if (mask && mask[r] == 0.0f) rnn::copyOf(h + o, hPrev + o, H);
  }
}

/** !resetAfter, first half of one row: z, r, and rh = r ⊙ hm (into the cache and rh). */
RNNKIT_ROW void gruBeforeRow1(float* cz, float* cr, float* cRh, float* rh, const float* xz, const float* xr,
                              const float* rz, const float* rr, const float* hin, int64_t H) {
  v8rows(H, [&](int64_t j, auto m) RNNKIT_LAMBDA {
    const v8f r = v8sigmoid(v8load(xr + j, m) + v8load(rr + j, m));
    v8store(cz + j, v8sigmoid(v8load(xz + j, m) + v8load(rz + j, m)), m);
    v8store(cr + j, r, m);
    const v8f v = r * v8load(hin + j, m);
    v8store(rh + j, v, m);
    v8store(cRh + j, v, m);
  });
}

/** !resetAfter, first half: rec [rows,2H] = hm·U_zr; writes z, r, r ⊙ hm into cache and rh. */
RNNKIT_CLONES void gruCellFwdBefore1(float* __restrict cache, float* __restrict rh, const float* __restrict rec,
                                     const float* __restrict xp, const float* __restrict hin, int64_t rows, int64_t H) {
  for (int64_t r = 0; r < rows; ++r) {
    float* c = cache + r * 4 * H;
    const float* x = xp + r * 3 * H;
    const float* rc = rec + r * 2 * H;
    gruBeforeRow1(c, c + H, c + 3 * H, rh + r * H, x, x + H, rc, rc + H, hin + r * H, H);
  }
}

/** !resetAfter, second half of one row: ĥ = tanh(xh + recH), h. */
RNNKIT_ROW void gruBeforeRow2(float* ch, float* h, const float* cz, const float* xh, const float* recH,
                              const float* hPrev, int64_t H) {
  v8rows(H, [&](int64_t j, auto m) RNNKIT_LAMBDA {
    const v8f hh = v8tanh(v8load(xh + j, m) + v8load(recH + j, m));
    const v8f z = v8load(cz + j, m);
    v8store(ch + j, hh, m);
    v8store(h + j, z * v8load(hPrev + j, m) + (1.0f - z) * hh, m);
  });
}

/** !resetAfter, second half: recH [rows,H] = (r ⊙ hm)·U_h; writes ĥ and h. */
RNNKIT_CLONES void gruCellFwdBefore2(float* __restrict h, float* __restrict cache, const float* __restrict recH,
                                     const float* __restrict xp, const float* __restrict hPrev, const float* mask,
                                     int64_t rows, int64_t H) {
  for (int64_t r = 0; r < rows; ++r) {
    float* c = cache + r * 4 * H;
    const int64_t o = r * H;
    gruBeforeRow2(c + 2 * H, h + o, c, xp + r * 3 * H + 2 * H, recH + o, hPrev + o, H);
    if (mask && mask[r] == 0.0f) rnn::copyOf(h + o, hPrev + o, H);
  }
}

/**
 * resetAfter backward, one row: dx [3H] = the gradient w.r.t. the step's rec = hm·U + bRec, i.e.
 * dz, dr and dĥ ⊙ r (the operand of the recurrent GEMMs; dz and dr are also xProj's gradients);
 * dhh [H] = dĥ, xProj's h-block gradient (copied into dXProj after the weight-gradient GEMM).
 */
RNNKIT_ROW void gruAfterGrads(float* dx, float* dhh, const float* g, const float* c, const float* hPrev, int64_t H) {
  v8rows(H, [&](int64_t j, auto m) RNNKIT_LAMBDA {
    const v8f z = v8load(c + j, m), rg = v8load(c + H + j, m), hh = v8load(c + 2 * H + j, m), gv = v8load(g + j, m);
    const v8f dzPre = gv * (v8load(hPrev + j, m) - hh) * z * (1.0f - z);
    const v8f dhhPre = gv * (1.0f - z) * (1.0f - hh * hh);
    const v8f drPre = dhhPre * v8load(c + 3 * H + j, m) * rg * (1.0f - rg);
    v8store(dx + j, dzPre, m);
    v8store(dx + H + j, drPre, m);
    v8store(dx + 2 * H + j, dhhPre * rg, m);
    v8store(dhh + j, dhhPre, m);
  });
}

/** !resetAfter backward pass 1, one row: z and ĥ gradients into dx [3H] (z, h blocks), drz [H], dRecH [H]. */
RNNKIT_ROW void gruBeforeGrads(float* dx, float* drz, float* dRecH, const float* g, const float* c, const float* hPrev,
                               int64_t H) {
  v8rows(H, [&](int64_t j, auto m) RNNKIT_LAMBDA {
    const v8f z = v8load(c + j, m), hh = v8load(c + 2 * H + j, m), gv = v8load(g + j, m);
    const v8f dzPre = gv * (v8load(hPrev + j, m) - hh) * z * (1.0f - z);
    const v8f dhhPre = gv * (1.0f - z) * (1.0f - hh * hh);
    v8store(dx + j, dzPre, m);
    v8store(dx + 2 * H + j, dhhPre, m);
    v8store(drz + j, dzPre, m);
    v8store(dRecH + j, dhhPre, m);
  });
}

/**
 * Backward pass 1 of step s: g = dHSeq_s + dh (every row). Rows of dX [rows,3H] and aux [rows,H]
 * are written (0 on masked rows): resetAfter, dX = gradient w.r.t. hm·U + bRec and aux = dĥ (see
 * gruAfterGrads); !resetAfter, dX's z and h blocks (r in pass 2), dRec [rows,2H] = dz and 0 (r in
 * pass 2), aux = dĥ = the gradient w.r.t. (r ⊙ hm)·U_h.
 */
RNNKIT_CLONES void gruCellBwd1(float* __restrict dX, float* __restrict dRec, float* __restrict aux,
                               float* __restrict g, const float* __restrict dHs, const float* __restrict dh,
                               const float* __restrict cache, const float* __restrict hPrev, const float* mask,
                               int64_t rows, int64_t H, bool resetAfter) {
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t o = r * H;
    float* dx = dX + r * 3 * H;
    const float* c = cache + r * 4 * H;
    rnn::sumOf(g + o, dHs + o, dh + o, H);
    if (mask && mask[r] == 0.0f) {
      rnn::zeroOf(dx, 3 * H);
      rnn::zeroOf(aux + o, H);
      if (!resetAfter) rnn::zeroOf(dRec + r * 2 * H, 2 * H);
      continue;
    }
    if (resetAfter) gruAfterGrads(dx, aux + o, g + o, c, hPrev + o, H);
    else gruBeforeGrads(dx, dRec + r * 2 * H, aux + o, g + o, c, hPrev + o, H);
  }
}

/**
 * resetAfter, after the weight-gradient GEMM: dBRec [3H] += Σ rows of dX [n,3H] (the gradient
 * w.r.t. hm·U + bRec) when given, then dX's h block = dhh [n,H] (xProj's gradient there is dĥ).
 */
// (no-tree-loop-distribute-patterns: GCC turned the row copy into a memcpy call per row, ~7% of the BPTT.)
RNNKIT_CLONES __attribute__((optimize("no-tree-loop-distribute-patterns"))) void finishAfterGrads(
    float* __restrict dX, float* __restrict dBRec, const float* __restrict dhh, int64_t n, int64_t H) {
  for (int64_t i = 0; i < n; ++i) {
    float* row = dX + i * 3 * H;
    if (dBRec) rnn::addOf(dBRec, row, 3 * H);
    rnn::copyOf(row + 2 * H, dhh + i * H, H);
  }
}

/** !resetAfter pass 2, one row: r gradients. */
RNNKIT_ROW void gruResetGrads(float* dxr, float* drr, const float* dRH, const float* hin, const float* cr, int64_t H) {
  v8rows(H, [&](int64_t j, auto m) RNNKIT_LAMBDA {
    const v8f rg = v8load(cr + j, m);
    const v8f drPre = v8load(dRH + j, m) * v8load(hin + j, m) * rg * (1.0f - rg);
    v8store(dxr + j, drPre, m);
    v8store(drr + j, drPre, m);
  });
}

/** !resetAfter pass 2: r gradients from dRH = dL/d(r ⊙ hm) [rows,H]. */
RNNKIT_CLONES void gruCellBwd2(float* __restrict dX, float* __restrict dRec, const float* __restrict dRH,
                               const float* __restrict hin, const float* __restrict cache, const float* mask,
                               int64_t rows, int64_t H) {
  for (int64_t r = 0; r < rows; ++r) {
    if (mask && mask[r] == 0.0f) continue;
    const int64_t o = r * H;
    gruResetGrads(dX + r * 3 * H + H, dRec + r * 2 * H + H, dRH + o, hin + o, cache + r * 4 * H + H, H);
  }
}

/** dh = g ⊙ z + (dHin [+ dRH ⊙ r]) [⊙ recMask], one row; dRH and recMask may be null. */
RNNKIT_ROW void gruStateGrad(float* dh, const float* g, const float* dHin, const float* dRH, const float* cz,
                             const float* cr, const float* recMask, int64_t H) {
  v8rows(H, [&](int64_t j, auto m) RNNKIT_LAMBDA {
    v8f d = v8load(dHin + j, m);
    if (dRH) d += v8load(dRH + j, m) * v8load(cr + j, m);
    if (recMask) d *= v8load(recMask + j, m);
    v8store(dh + j, v8load(g + j, m) * v8load(cz + j, m) + d, m);
  });
}

/** dh ← masked ? g : g ⊙ z + dHin ⊙ recMask (+ dRH ⊙ r for !resetAfter, added into dHin first). */
RNNKIT_CLONES void gruCellBwdState(float* __restrict dh, const float* __restrict g, const float* __restrict dHin,
                                   const float* __restrict dRH, const float* __restrict cache,
                                   const float* __restrict recMask, const float* mask, int64_t rows, int64_t H) {
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t o = r * H;
    const float* c = cache + r * 4 * H;
    if (mask && mask[r] == 0.0f) rnn::copyOf(dh + o, g + o, H);
    else gruStateGrad(dh + o, g + o, dHin + o, dRH ? dRH + o : nullptr, c, c + H, recMask ? recMask + o : nullptr, H);
  }
}

}  // namespace

void gruSeqForward(float* hSeq, float* cache, const float* xProj, const int32_t* xIds, const float* U, const float* bRec,
                   const float* h0, const float* recMask, const float* timeMask, int64_t T, int64_t B, int64_t H,
                   bool resetAfter) {
  if (T <= 0 || B <= 0 || H <= 0) return;
  const int64_t BH = B * H, H3 = 3 * H, H4 = 4 * H;
  PackedMatrix Ua(0), Uh(1);  // resetAfter: Ua = U [H,3H]; else Ua = U_zr [H,2H], Uh = U_h [H,H]
  Buf zeros(0, resetAfter && !bRec ? H3 : 0);
  if (resetAfter) {
    Ua.pack(U, H3, H, false);
    if (!bRec) { std::memset(zeros.get(), 0, sizeof(float) * H3); bRec = zeros.get(); }
  } else {
    Buf tmp(1, H * 2 * H);
    copyCols(tmp.get(), U, H, H3, 0, 2 * H);
    Ua.pack(tmp.get(), 2 * H, H, false);
    copyCols(tmp.get(), U, H, H3, 2 * H, H);
    Uh.pack(tmp.get(), H, H, false);
  }
  const rnn::XProj xin{xProj, xIds, B, H3};
  auto slice = [&](int64_t b0, int64_t b1) {
    const int64_t rows = b1 - b0, n = rows * H;
    // xs [rows,3H]: picked table rows (xIds); cs [rows,4H]: the step's cache when not kept (cache null)
    Buf hm(8, recMask ? n : 0), rec(9, rows * (resetAfter ? H3 : 2 * H)), rh(10, resetAfter ? 0 : n),
        recH(11, resetAfter ? 0 : n), xs(12, xIds ? rows * H3 : 0), cs(13, cache ? 0 : rows * H4);
    for (int64_t s = 0; s < T; ++s) {
      const float* hPrev = rnn::prev(hSeq, h0, s, B, H, b0);
      const float* hin = hPrev;
      if (recMask) { rnn::mulTo(hm.get(), hPrev, recMask + b0 * H, n); hin = hm.get(); }
      const float* mask = timeMask ? timeMask + s * B + b0 : nullptr;
      float* h = hSeq + s * BH + b0 * H;
      float* c = rnn::stepCache(cache, cs.get(), s, B, b0, H4);
      const float* xp = xin.rows(s, b0, rows, xs.get());
      sgemmPacked(rec.get(), resetAfter ? H3 : 2 * H, hin, rows, Ua, false);
      if (resetAfter) {
        gruCellFwdAfter(h, c, rec.get(), bRec, xp, hPrev, mask, rows, H);
      } else {
        gruCellFwdBefore1(c, rh.get(), rec.get(), xp, hin, rows, H);
        sgemmPacked(recH.get(), H, rh.get(), rows, Uh, false);
        gruCellFwdBefore2(h, c, recH.get(), xp, hPrev, mask, rows, H);
      }
    }
  };
  rnn::forSlices(rnn::sliceTasks(T, B, H * H3), B, slice);
}

void gruSeqBackward(float* dXProj, float* dU, float* dBias, float* dBRec, float* dH0, const float* dHSeq, const float* dHLast,
                    const float* hSeq, const float* cache, const float* U, const float* h0, const float* recMask,
                    const float* timeMask, int64_t T, int64_t B, int64_t H, bool resetAfter) {
  if (B <= 0 || H <= 0) return;
  const int64_t BH = B * H, H3 = 3 * H, H4 = 4 * H;
  PackedMatrix Ua(0), Uh(1);  // transposed: resetAfter Uᵀ; else U_zrᵀ and U_hᵀ
  if (resetAfter) {
    Ua.pack(U, H, H3, true);
  } else {
    Buf tmp(1, H * 2 * H);
    copyCols(tmp.get(), U, H, H3, 0, 2 * H);
    Ua.pack(tmp.get(), H, 2 * H, true);
    copyCols(tmp.get(), U, H, H3, 2 * H, H);
    Uh.pack(tmp.get(), H, H, true);
  }
  // resetAfter: dXProj holds the gradient w.r.t. hm·U + bRec during the loop (the GEMM operand;
  // equal to xProj's gradient but in the h block) and dAux [T,B,H] the h block's dĥ, copied in
  // after the weight-gradient GEMM. !resetAfter: dRec [T,B,2H] = the gradient w.r.t. hm·U_zr and
  // dAux [T,B,H] = w.r.t. (r ⊙ hm)·U_h, contiguous copies of dXProj's blocks for the GEMMs.
  // hIn [T,B,H]: hm of every step.
  Buf dRec(2, resetAfter ? 0 : T * B * 2 * H), dAux(3, T * BH), hIn(4, recMask ? T * BH : 0);
  auto slice = [&](int64_t b0, int64_t b1) {
    const int64_t rows = b1 - b0, n = rows * H;
    if (recMask) rnn::recInputs(hIn.get(), hSeq, h0, recMask, T, B, H, b0, b1);
    // dh: dL/dh_s from later steps; g: total dL/dh_s; dHin: dL/dhm via the GEMMs; dRH: dL/d(r ⊙ hm).
    Buf dhB(8, n), gB(9, n), dHinB(10, n), dRHB(11, resetAfter ? 0 : n);
    const rnn::ZeroRows zeros(12, dHSeq, n);  // the step gradients when dHSeq is null
    float* dh = dhB.get();
    rnn::startGrad(dh, dHLast, b0, H, n);
    for (int64_t s = T - 1; s >= 0; --s) {
      const int64_t o = s * BH + b0 * H;
      const float* mask = timeMask ? timeMask + s * B + b0 : nullptr;
      const float* c = cache + (s * B + b0) * H4;
      float* dX = dXProj + (s * B + b0) * H3;
      float* dR = resetAfter ? nullptr : dRec.get() + (s * B + b0) * 2 * H;
      gruCellBwd1(dX, dR, dAux.get() + o, gB.get(), rnn::seqGrad(dHSeq, zeros.get(), o), dh, c, rnn::prev(hSeq, h0, s, B, H, b0), mask, rows, H,
                  resetAfter);
      if (resetAfter) {
        sgemmPacked(dHinB.get(), H, dX, rows, Ua, false);  // dHin = dX_s · Uᵀ
      } else {
        sgemmPacked(dRHB.get(), H, dAux.get() + o, rows, Uh, false);  // dRH = dAux_s · U_hᵀ
        const float* hin = recMask ? hIn.get() + o : rnn::prev(hSeq, h0, s, B, H, b0);  // hm of step s
        gruCellBwd2(dX, dR, dRHB.get(), hin, c, mask, rows, H);
        sgemmPacked(dHinB.get(), H, dR, rows, Ua, false);  // dHin = dRec_s · U_zrᵀ
      }
      gruCellBwdState(dh, gB.get(), dHinB.get(), resetAfter ? nullptr : dRHB.get(), c,
                      recMask ? recMask + b0 * H : nullptr, mask, rows, H);
    }
    if (dH0) rnn::addTo(dH0 + b0 * H, dh, n);
  };
  rnn::forSlices(rnn::sliceTasks(T, B, 2 * H * H3), B, slice);
  if (resetAfter) {
    rnn::recWeightGrad(dU, hIn.get(), hSeq, h0, dXProj, T, B, H, H3, true);  // dU += hInᵀ · dXProj (= dRec)
    finishAfterGrads(dXProj, dBRec, dAux.get(), T * B, H);
  } else {
    Buf dUzr(5, H * 2 * H), dUh(6, H * H), rhAll(7, T * BH);  // [H,2H], [H,H], rhAll [T,B,H]: r ⊙ hm per step
    rnn::recWeightGrad(dUzr.get(), hIn.get(), hSeq, h0, dRec.get(), T, B, H, 2 * H, false);
    addCols(dU, dUzr.get(), H, H3, 0, 2 * H);
    for (int64_t i = 0; i < T * B; ++i) std::memcpy(rhAll.get() + i * H, cache + i * H4 + 3 * H, sizeof(float) * H);
    sgemm(dUh.get(), rhAll.get(), dAux.get(), H, H, T * B, true, false, false);
    addCols(dU, dUh.get(), H, H3, 2 * H, H);
  }
  if (dBias) {  // dXProj is final only now (resetAfter copies its h block in above): one column sum
    Buf sums(14, H3);  // [3H]
    sumMid(sums.get(), dXProj, 1, T * B, H3);
    rnn::addTo(dBias, sums.get(), H3);
  }
}

}  // namespace rnnkit
