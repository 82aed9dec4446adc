// Gate activations (sigmoid, tanh) on 8-float GCC vectors for the fused recurrent kernels, written
// with vector types so that the gate math is vectorised whatever the loop around it looks like
// (GCC left the scalar vmath.h calls unvectorised inside the fused cell loops: its if-conversion
// gave up there). Cheaper than vmath.h's formulas (no full-range exp, no branches of the sign) at
// float32 accuracy (≤ 4e-7); only the recurrent kernels use them. Inside a target_clones
// function a v8f is one AVX register (x86-64-v3/v4) or two SSE registers (baseline).
#pragma once
#pragma GCC diagnostic ignored "-Wpsabi"  // v8f only crosses always_inline functions: no ABI involved
#include <cstdint>
#include <cstring>

namespace rnnkit {

typedef float v8f __attribute__((vector_size(32)));
typedef int32_t v8i __attribute__((vector_size(32)));

#define RNNKIT_V8 static inline __attribute__((always_inline))

RNNKIT_V8 v8f v8splat(float x) { return v8f{} + x; }

/** A whole vector (the `m` of v8rows' main loop); an int64_t m < 8 is the partial tail. */
struct V8Full {};

RNNKIT_V8 v8f v8load(const float* p, V8Full) {
  v8f v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

RNNKIT_V8 void v8store(float* p, v8f v, V8Full) { std::memcpy(p, &v, sizeof v); }

/** Loads p[0 .. m) (m < 8; zeros beyond). */
RNNKIT_V8 v8f v8load(const float* p, int64_t m) {
  v8f v = v8f{};
  std::memcpy(&v, p, sizeof(float) * m);
  return v;
}

/** Stores the first m (< 8) lanes to p. */
RNNKIT_V8 void v8store(float* p, v8f v, int64_t m) { std::memcpy(p, &v, sizeof(float) * m); }

/**
 * body(j, m) for j = 0, 8, 16, … < n: m is V8Full for whole vectors (fixed-size loads and stores)
 * and the remaining count n − j for the last partial one. Write the body as a generic lambda with
 * RNNKIT_LAMBDA so it is inlined into the (multiversioned) caller.
 */
template <class F>
RNNKIT_V8 void v8rows(int64_t n, F&& body) {
  int64_t j = 0;
  for (; j + 8 <= n; j += 8) body(j, V8Full{});
  if (j < n) body(j, n - j);
}

#define RNNKIT_LAMBDA __attribute__((always_inline))

RNNKIT_V8 v8f v8select(v8i m, v8f a, v8f b) { return m ? a : b; }

/**
 * e^x = p · 2^n for x already clamped to a range where n stays within [−150, 128]: the Cephes
 * polynomial of vmath.h's vexp (~1 ulp); returns p and sets n. NaN passes through.
 */
RNNKIT_V8 v8f v8expParts(v8f x, v8i& n) {
  const v8f t = x * 1.44269504088896341f + 12582912.0f;  // 1.5·2^23 + round(x·log2 e) (low bits hold n)
  const v8f nf = t - 12582912.0f;
  v8f r = x - nf * 0.693359375f;
  r = r - nf * -2.12194440e-4f;
  v8f p = v8splat(1.9875691500E-4f);
  p = p * r + 1.3981999507E-3f;
  p = p * r + 8.3334519073E-3f;
  p = p * r + 4.1665795894E-2f;
  p = p * r + 1.6666665459E-1f;
  p = p * r + 5.0000001201E-1f;
  n = reinterpret_cast<v8i>(t) - reinterpret_cast<v8i>(v8splat(12582912.0f));
  return p * (r * r) + r + 1.0f;
}

/**
 * e^x for x clamped to [−87, 88] (so 2^n stays a normal float: one exponent shift, no two-factor
 * scaling; the gate activations below never need e^x outside that range), ~1 ulp. NaN passes through.
 */
RNNKIT_V8 v8f v8expGate(v8f x) {
  x = v8select(x > 88.0f, v8splat(88.0f), x);
  x = v8select(x < -87.0f, v8splat(-87.0f), x);
  v8i n;
  const v8f p = v8expParts(x, n);
  return p * reinterpret_cast<v8f>((n + 127) << 23);
}

/**
 * e^x over the whole float32 range: x clamped to [−104, 88.8] (down to the subnormals, and +inf
 * above), 2^n applied as two factors so neither leaves the normal range (the softmax
 * cross-entropy of loss.cc). NaN passes through.
 */
RNNKIT_V8 v8f v8exp(v8f x) {
  x = v8select(x > 88.8f, v8splat(88.8f), x);
  x = v8select(x < -104.0f, v8splat(-104.0f), x);
  v8i n;
  const v8f p = v8expParts(x, n);  // n in [−150, 128]
  const v8i n1 = n >> 1;
  const v8i n2 = n - n1;
  return p * reinterpret_cast<v8f>((n1 + 127) << 23) * reinterpret_cast<v8f>((n2 + 127) << 23);
}

/**
 * Logistic sigmoid 1/(1 + e^{−x}): ≤ 9e-8 absolute and ~2e-7 relative error (x > −80; below, the
 * clamped e^{−x} gives ~1e-38 instead of a subnormal). ±inf → 1, 0; NaN → NaN.
 */
RNNKIT_V8 v8f v8sigmoid(v8f x) { return 1.0f / (1.0f + v8expGate(-x)); }

/**
 * tanh(x) as an odd/even rational function on x clamped to ±7.905 (where tanh rounds to ±1 in
 * float32); the coefficients are Eigen's (generic_fast_tanh_float). ≤ 3e-7 absolute and relative
 * error with FMA, 4e-7 without (≤ 5 ulp, worst for |x| > 5, where the result is 1 − ε: 0.9999997
 * beyond the clamp; x·(1 − 1.3e-7) for tiny x), ±inf → ±1 − 3e-7, NaN → NaN;
 * one division and 11 FMAs instead of the exp of vmath.h's vtanh (3× faster).
 */
RNNKIT_V8 v8f v8tanh(v8f x) {
  x = v8select(x > 7.90531110763549805f, v8splat(7.90531110763549805f), x);
  x = v8select(x < -7.90531110763549805f, v8splat(-7.90531110763549805f), x);
  const v8f x2 = x * x;
  v8f p = v8splat(-2.76076847742355e-16f);
  p = p * x2 + 2.00018790482477e-13f;
  p = p * x2 - 8.60467152213735e-11f;
  p = p * x2 + 5.12229709037114e-08f;
  p = p * x2 + 1.48572235717979e-05f;
  p = p * x2 + 6.37261928875436e-04f;
  p = p * x2 + 4.89352455891786e-03f;
  v8f q = v8splat(1.19825839466702e-06f);
  q = q * x2 + 1.18534705686654e-04f;
  q = q * x2 + 2.26843463243900e-03f;
  q = q * x2 + 4.89352518554385e-03f;
  return x * (p / q);  // x · (p/q), not (x·p)/q: keeps subnormal x exact
}

}  // namespace rnnkit
