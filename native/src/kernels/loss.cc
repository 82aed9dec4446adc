// Softmax cross-entropy from logits (sparse class ids and dense / smoothed targets) with their
// gradients: the fused forms of log-softmax + pick / dot that the crossentropy losses use. The exp
// loops are written on 8-float GCC vectors (vmath8.h: GCC leaves vmath.h's scalar vexp unvectorised
// here, its clamps become branches); row sums run in double lanes, the loss is accumulated in
// double. NaN or +inf in a row makes the row's sum of exponentials NaN (inf − inf, or the NaN
// itself), so that row's loss and gradients are NaN as in the reference.
#include <cmath>
#include <cstdint>
#include <cstring>

#include "kernels.h"
#include "simd.h"
#include "vmath8.h"

namespace rnnkit {
namespace {

typedef float v4f __attribute__((vector_size(16)));
typedef double v4d __attribute__((vector_size(32)));

/** Eight double lanes as two 4-double vectors (one v8d of 64 bytes was lowered through memory on AVX2). */
struct D8 {
  v4d lo = {}, hi = {};
  __attribute__((always_inline)) void add(v8f v) {
    lo += __builtin_convertvector(__builtin_shufflevector(v, v, 0, 1, 2, 3), v4d);
    hi += __builtin_convertvector(__builtin_shufflevector(v, v, 4, 5, 6, 7), v4d);
  }
  /** The lanes summed in a fixed order. */
  __attribute__((always_inline)) double sum() const {
    return ((lo[0] + hi[0]) + (lo[1] + hi[1])) + ((lo[2] + hi[2]) + (lo[3] + hi[3]));
  }
};

// ---- a row as 8-lane vectors, every vector a full load and store where the row has ≥ 8 floats ----
// (v8load/v8store's partial forms memcpy a variable size: a libc call and a store-forwarding stall
// per row, which cost as much as the whole row of a 60-class softmax.)

/** A whole vector of fresh lanes. */
struct Full {};
/** The last vector of a row of n ≥ 8 floats, loaded at n − 8: lanes below lo were done already. */
struct Tail {
  int32_t lo;
};
/** A row shorter than 8: lanes from m on lie past its end (zero-filled loads, partial stores). */
struct Part {
  int64_t m;
};

RNNKIT_V8 v8i laneIds() { return v8i{0, 1, 2, 3, 4, 5, 6, 7}; }
RNNKIT_V8 v8f load(const float* p, Full) { return v8load(p, V8Full{}); }
RNNKIT_V8 v8f load(const float* p, Tail) { return v8load(p, V8Full{}); }
RNNKIT_V8 v8f load(const float* p, Part s) { return v8load(p, s.m); }
/** v on the fresh lanes, fill on the others. */
RNNKIT_V8 v8f fresh(v8f v, v8f, Full) { return v; }
RNNKIT_V8 v8f fresh(v8f v, v8f fill, Tail s) { return v8select(laneIds() >= s.lo, v, fill); }
RNNKIT_V8 v8f fresh(v8f v, v8f fill, Part s) { return v8select(laneIds() < static_cast<int32_t>(s.m), v, fill); }
/** Stores the fresh lanes of v (the others keep what p holds). */
RNNKIT_V8 void store(float* p, v8f v, Full) { v8store(p, v, V8Full{}); }
RNNKIT_V8 void store(float* p, v8f v, Tail s) { v8store(p, fresh(v, v8load(p, V8Full{}), s), V8Full{}); }
RNNKIT_V8 void store(float* p, v8f v, Part s) { v8store(p, v, s.m); }

/** body(j, lanes) over the vectors of a row of n floats (lanes: Full, Tail or Part, see above). */
template <class F>
RNNKIT_V8 void rowVectors(int64_t n, F&& body) {
  if (n < 8) {
    if (n > 0) body(int64_t{0}, Part{n});
    return;
  }
  int64_t j = 0;
  for (; j + 8 <= n; j += 8) body(j, Full{});
  if (j < n) body(n - 8, Tail{static_cast<int32_t>(8 - (n - j))});
}

/** max_j x[j] (NaNs are skipped here; they reach the result through the exp sum). */
RNNKIT_V8 float rowMax(const float* x, int64_t n) {
  const v8f lo = v8splat(-INFINITY);
  v8f acc = lo;
  rowVectors(n, [&](int64_t j, auto s) RNNKIT_LAMBDA {
    const v8f v = fresh(load(x + j, s), lo, s);  // (a Tail's old lanes could stay: max is idempotent)
    acc = v8select(v > acc, v, acc);
  });
  float mx = acc[0];
  for (int l = 1; l < 8; ++l) mx = acc[l] > mx ? acc[l] : mx;
  return mx;
}

/** Σ_j e^{x[j] − shift} in double; writes the terms to e when it is given. */
template <bool Store>
RNNKIT_V8 double rowSumExp(float* e, const float* x, float shift, int64_t n) {
  D8 acc;
  rowVectors(n, [&](int64_t j, auto s) RNNKIT_LAMBDA {
    const v8f v = fresh(v8exp(load(x + j, s) - shift), v8f{}, s);
    if (Store) store(e + j, v, s);
    acc.add(v);
  });
  return acc.sum();
}

/** Σ_j (t[j]·keep + add) in double, eight lanes. */
RNNKIT_V8 double rowTargetSum(const float* t, double keep, double add, int64_t n) {
  double acc[8] = {};
  int64_t j = 0;
  for (; j + 8 <= n; j += 8)
    for (int l = 0; l < 8; ++l) acc[l] += static_cast<double>(t[j + l]) * keep + add;
  double s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
  for (; j < n; ++j) s += static_cast<double>(t[j]) * keep + add;
  return s;
}

/**
 * Writes logSm[j] = x[j] − lse (in double, rounded once) and returns Σ_j (t[j]·keep + add)·logSm[j]
 * in double.
 */
RNNKIT_V8 double rowLogSoftmaxDot(float* logSm, const float* x, const float* t, double lse, double keep, double add,
                                 int64_t n) {
  v4d acc = {};
  int64_t j = 0;
  for (; j + 4 <= n; j += 4) {
    v4f xv, tv;
    std::memcpy(&xv, x + j, sizeof xv);
    std::memcpy(&tv, t + j, sizeof tv);
    const v4d ls = __builtin_convertvector(xv, v4d) - lse;
    const v4f lsf = __builtin_convertvector(ls, v4f);
    std::memcpy(logSm + j, &lsf, sizeof lsf);
    acc += (__builtin_convertvector(tv, v4d) * keep + add) * ls;
  }
  double s = (acc[0] + acc[1]) + (acc[2] + acc[3]);
  for (; j < n; ++j) {
    const double ls = static_cast<double>(x[j]) - lse;
    logSm[j] = static_cast<float>(ls);
    s += (static_cast<double>(t[j]) * keep + add) * ls;
  }
  return s;
}

}  // namespace

RNNKIT_CLONES double softmaxXentSparse(float* probs, const float* x, const int32_t* ids, int64_t rows, int64_t c) {
  double loss = 0;
  for (int64_t r = 0; r < rows; ++r) {
    const float* xr = x + r * c;
    float* pr = probs + r * c;
    const float mx = rowMax(xr, c);
    const double se = rowSumExp<true>(pr, xr, mx, c);  // ≥ 1 (the max's term), or NaN
    const float inv = static_cast<float>(1.0 / se);
    rowVectors(c, [&](int64_t j, auto s) RNNKIT_LAMBDA { store(pr + j, load(pr + j, s) * inv, s); });
    const double lse = static_cast<double>(mx) + std::log(se);
    loss += lse - static_cast<double>(xr[ids[r]]);
  }
  return loss;
}

RNNKIT_CLONES void softmaxXentSparseGrad(float* dX, const float* probs, const int32_t* ids, double g, int64_t rows,
                                         int64_t c) {
  const float gf = static_cast<float>(g);
  for (int64_t r = 0; r < rows; ++r) {
    const float* pr = probs + r * c;
    float* dr = dX + r * c;
    const int64_t k = ids[r];
    const float dk = dr[k];
    for (int64_t j = 0; j < c; ++j) dr[j] += gf * pr[j];
    dr[k] = dk + gf * (pr[k] - 1.0f);  // p − 1 is exact for p ≥ 0.5, so a confident row keeps its digits
  }
}

RNNKIT_CLONES double softmaxXent(float* logSm, const float* x, const float* t, double keep, double add, int64_t rows,
                                 int64_t c) {
  double loss = 0;
  for (int64_t r = 0; r < rows; ++r) {
    const float* xr = x + r * c;
    const float mx = rowMax(xr, c);
    const double lse = static_cast<double>(mx) + std::log(rowSumExp<false>(nullptr, xr, mx, c));
    loss -= rowLogSoftmaxDot(logSm + r * c, xr, t + r * c, lse, keep, add, c);
  }
  return loss;
}

RNNKIT_CLONES void softmaxXentGrad(float* dX, float* dT, const float* logSm, const float* t, double g, double keep,
                                   double add, int64_t rows, int64_t c) {
  const float gf = static_cast<float>(g), kf = static_cast<float>(keep), af = static_cast<float>(add);
  for (int64_t r = 0; r < rows; ++r) {
    const float* lr = logSm + r * c;
    const float* tr = t + r * c;
    if (dX) {
      const float zs = static_cast<float>(rowTargetSum(tr, keep, add, c));
      float* dr = dX + r * c;
      rowVectors(c, [&](int64_t j, auto s) RNNKIT_LAMBDA {
        const v8f z = load(tr + j, s) * kf + af;
        store(dr + j, load(dr + j, s) + gf * (v8exp(load(lr + j, s)) * zs - z), s);
      });
    }
    if (dT) {
      float* dr = dT + r * c;
      for (int64_t j = 0; j < c; ++j) dr[j] += -gf * lr[j] * kf;
    }
  }
}

}  // namespace rnnkit
