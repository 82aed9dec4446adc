// Activations (tanh, sigmoid, relu) and broadcasting binary ops. Strided shapes are collapsed to
// as few dimensions as possible; the innermost loop has fast paths for contiguous, row-broadcast
// and scalar-broadcast operands.
#include <cstdint>

#include "kernels.h"
#include "simd.h"
#include "vmath.h"

#define RNNKIT_INLINE static inline __attribute__((always_inline))

namespace rnnkit {

RNNKIT_CLONES void unary(float* __restrict out, const float* __restrict x, int64_t n, Unary fn) {
  switch (fn) {
    case Unary::Tanh: for (int64_t i = 0; i < n; ++i) out[i] = vtanh(x[i]); return;
    case Unary::Sigmoid: for (int64_t i = 0; i < n; ++i) out[i] = vsigmoid(x[i]); return;
    case Unary::Relu: for (int64_t i = 0; i < n; ++i) out[i] = x[i] > 0.0f ? x[i] : 0.0f; return;
  }
}

RNNKIT_CLONES void unaryGrad(float* __restrict dX, const float* __restrict x, const float* __restrict y,
                             const float* __restrict dY, int64_t n, Unary fn) {
  switch (fn) {
    case Unary::Tanh: for (int64_t i = 0; i < n; ++i) dX[i] += dY[i] * (1.0f - y[i] * y[i]); return;
    case Unary::Sigmoid: for (int64_t i = 0; i < n; ++i) dX[i] += dY[i] * (y[i] * (1.0f - y[i])); return;
    case Unary::Relu: for (int64_t i = 0; i < n; ++i) dX[i] += x[i] > 0.0f ? dY[i] : 0.0f; return;
  }
}

RNNKIT_CLONES void affine(float* __restrict out, const float* __restrict x, int64_t n, float alpha, float beta) {
  for (int64_t i = 0; i < n; ++i) out[i] = alpha * x[i] + beta;
}

RNNKIT_CLONES void axpy(float* __restrict y, const float* __restrict x, int64_t n, float alpha) {
  for (int64_t i = 0; i < n; ++i) y[i] += alpha * x[i];
}

namespace {

constexpr int kMaxRank = 16;

/** A broadcast iteration space with unit and 0-stride dimensions merged where possible. */
struct Space {
  int rank = 0;
  int64_t shape[kMaxRank];
  int64_t sa[kMaxRank];
  int64_t sb[kMaxRank];
};

Space collapse(const int64_t* shape, const int64_t* aStrides, const int64_t* bStrides, int rank) {
  Space s;
  for (int d = 0; d < rank; ++d) {
    if (shape[d] == 1) continue;
    const int r = s.rank;
    if (r > 0 && s.sa[r - 1] == aStrides[d] * shape[d] && s.sb[r - 1] == bStrides[d] * shape[d]) {
      s.shape[r - 1] *= shape[d];
      s.sa[r - 1] = aStrides[d];
      s.sb[r - 1] = bStrides[d];
      continue;
    }
    s.shape[r] = shape[d];
    s.sa[r] = aStrides[d];
    s.sb[r] = bStrides[d];
    s.rank = r + 1;
  }
  if (s.rank == 0) {  // a single element
    s.rank = 1;
    s.shape[0] = 1;
    s.sa[0] = 0;
    s.sb[0] = 0;
  }
  return s;
}

template <Binary F>
RNNKIT_INLINE float apply(float a, float b) {
  if constexpr (F == Binary::Add) return a + b;
  if constexpr (F == Binary::Sub) return a - b;
  if constexpr (F == Binary::Mul) return a * b;
  if constexpr (F == Binary::Div) return a / b;
  if constexpr (F == Binary::Maximum) return a >= b ? a : b;
  if constexpr (F == Binary::Minimum) return a <= b ? a : b;
  return 0.0f;
}

/** ∂f/∂a and ∂f/∂b times g. */
template <Binary F>
RNNKIT_INLINE void partials(float a, float b, float g, float& ga, float& gb) {
  if constexpr (F == Binary::Add) { ga = g; gb = g; }
  if constexpr (F == Binary::Sub) { ga = g; gb = -g; }
  if constexpr (F == Binary::Mul) { ga = g * b; gb = g * a; }
  if constexpr (F == Binary::Div) { ga = g / b; gb = (-g * a) / (b * b); }
  if constexpr (F == Binary::Maximum) { ga = a >= b ? g : 0.0f; gb = a >= b ? 0.0f : g; }
  if constexpr (F == Binary::Minimum) { ga = a <= b ? g : 0.0f; gb = a <= b ? 0.0f : g; }
}

template <Binary F>
RNNKIT_INLINE void binaryRow(float* o, const float* a, const float* b, int64_t n,
                             int64_t sa, int64_t sb) {
  if (sa == 1 && sb == 1) { for (int64_t i = 0; i < n; ++i) o[i] = apply<F>(a[i], b[i]); return; }
  if (sa == 1 && sb == 0) { const float bv = b[0]; for (int64_t i = 0; i < n; ++i) o[i] = apply<F>(a[i], bv); return; }
  if (sa == 0 && sb == 1) { const float av = a[0]; for (int64_t i = 0; i < n; ++i) o[i] = apply<F>(av, b[i]); return; }
  for (int64_t i = 0; i < n; ++i) o[i] = apply<F>(a[i * sa], b[i * sb]);
}

template <Binary F>
RNNKIT_INLINE void binaryGradRow(float* dA, float* dB, const float* a,
                                 const float* b, const float* g, int64_t n, int64_t sa, int64_t sb) {
  float ga, gb;
  const bool fast = dA == nullptr || dB == nullptr || dA != dB;  // one buffer for both: keep the reference order
  if (fast && sa == 1 && sb == 1) {
    if (dA && dB) { for (int64_t i = 0; i < n; ++i) { partials<F>(a[i], b[i], g[i], ga, gb); dA[i] += ga; dB[i] += gb; } }
    else if (dA) { for (int64_t i = 0; i < n; ++i) { partials<F>(a[i], b[i], g[i], ga, gb); dA[i] += ga; } }
    else if (dB) { for (int64_t i = 0; i < n; ++i) { partials<F>(a[i], b[i], g[i], ga, gb); dB[i] += gb; } }
    return;
  }
  if (fast && sa == 1 && sb == 0) {  // b broadcast along the row: its gradient is a running sum
    const float bv = b[0];
    float sum = dB ? dB[0] : 0.0f;
    for (int64_t i = 0; i < n; ++i) {
      partials<F>(a[i], bv, g[i], ga, gb);
      if (dA) dA[i] += ga;
      sum += gb;
    }
    if (dB) dB[0] = sum;
    return;
  }
  for (int64_t i = 0; i < n; ++i) {
    partials<F>(a[i * sa], b[i * sb], g[i], ga, gb);
    if (dA) dA[i * sa] += ga;
    if (dB) dB[i * sb] += gb;
  }
}

/** Walks all but the last dimension of the space, calling row(outOffset, aOffset, bOffset). */
template <class Row>
RNNKIT_INLINE void forEachRow(const Space& s, Row row) {
  const int outer = s.rank - 1;
  int64_t idx[kMaxRank] = {};
  int64_t rows = 1;
  for (int d = 0; d < outer; ++d) rows *= s.shape[d];
  const int64_t n = s.shape[outer];
  int64_t ia = 0, ib = 0;
  for (int64_t r = 0; r < rows; ++r) {
    row(r * n, ia, ib);
    for (int d = outer - 1; d >= 0; --d) {
      ia += s.sa[d];
      ib += s.sb[d];
      if (++idx[d] < s.shape[d]) break;
      ia -= s.sa[d] * s.shape[d];
      ib -= s.sb[d] * s.shape[d];
      idx[d] = 0;
    }
  }
}

template <Binary F>
RNNKIT_INLINE void binaryT(float* out, const float* a, const float* b, const Space& s) {
  const int64_t n = s.shape[s.rank - 1], sa = s.sa[s.rank - 1], sb = s.sb[s.rank - 1];
  forEachRow(s, [&](int64_t o, int64_t ia, int64_t ib) { binaryRow<F>(out + o, a + ia, b + ib, n, sa, sb); });
}

template <Binary F>
RNNKIT_INLINE void binaryGradT(float* dA, float* dB, const float* a, const float* b, const float* g, const Space& s) {
  const int64_t n = s.shape[s.rank - 1], sa = s.sa[s.rank - 1], sb = s.sb[s.rank - 1];
  forEachRow(s, [&](int64_t o, int64_t ia, int64_t ib) {
    binaryGradRow<F>(dA ? dA + ia : nullptr, dB ? dB + ib : nullptr, a + ia, b + ib, g + o, n, sa, sb);
  });
}

}  // namespace

RNNKIT_CLONES void binary(float* out, const float* a, const float* b, const int64_t* shape, const int64_t* aStrides,
                          const int64_t* bStrides, int rank, Binary fn) {
  for (int d = 0; d < rank; ++d) if (shape[d] == 0) return;
  const Space s = collapse(shape, aStrides, bStrides, rank);
  switch (fn) {
    case Binary::Add: binaryT<Binary::Add>(out, a, b, s); return;
    case Binary::Sub: binaryT<Binary::Sub>(out, a, b, s); return;
    case Binary::Mul: binaryT<Binary::Mul>(out, a, b, s); return;
    case Binary::Div: binaryT<Binary::Div>(out, a, b, s); return;
    case Binary::Maximum: binaryT<Binary::Maximum>(out, a, b, s); return;
    case Binary::Minimum: binaryT<Binary::Minimum>(out, a, b, s); return;
  }
}

RNNKIT_CLONES void binaryGrad(float* dA, float* dB, const float* a, const float* b, const float* dOut,
                              const int64_t* shape, const int64_t* aStrides, const int64_t* bStrides, int rank,
                              Binary fn) {
  for (int d = 0; d < rank; ++d) if (shape[d] == 0) return;
  const Space s = collapse(shape, aStrides, bStrides, rank);
  switch (fn) {
    case Binary::Add: binaryGradT<Binary::Add>(dA, dB, a, b, dOut, s); return;
    case Binary::Sub: binaryGradT<Binary::Sub>(dA, dB, a, b, dOut, s); return;
    case Binary::Mul: binaryGradT<Binary::Mul>(dA, dB, a, b, dOut, s); return;
    case Binary::Div: binaryGradT<Binary::Div>(dA, dB, a, b, dOut, s); return;
    case Binary::Maximum: binaryGradT<Binary::Maximum>(dA, dB, a, b, dOut, s); return;
    case Binary::Minimum: binaryGradT<Binary::Minimum>(dA, dB, a, b, dOut, s); return;
  }
}

}  // namespace rnnkit
