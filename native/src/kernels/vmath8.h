// exp / tanh / sigmoid on 8-float GCC vectors: the same Cephes formulas as vmath.h, written with
// vector types so that the gate math of the recurrent kernels is vectorised whatever the loop
// around it looks like (GCC left the scalar vmath.h calls unvectorised inside the fused cell
// loops: its if-conversion gave up there). Inside a target_clones function a v8f is one AVX
// register (x86-64-v3/v4) or two SSE registers (baseline).
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

/** e^x (vexp of vmath.h, lane-wise). */
RNNKIT_V8 v8f v8exp(v8f x) {
  x = v8select(x > 88.8f, v8splat(88.8f), x);
  x = v8select(x < -104.0f, v8splat(-104.0f), x);
  const v8f t = x * 1.44269504088896341f;
  const v8f n = (t + 12582912.0f) - 12582912.0f;
  v8f r = x - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  v8f p = v8splat(1.9875691500E-4f);
  p = p * r + 1.3981999507E-3f;
  p = p * r + 8.3334519073E-3f;
  p = p * r + 4.1665795894E-2f;
  p = p * r + 1.6666665459E-1f;
  p = p * r + 5.0000001201E-1f;
  p = p * r * r + r + 1.0f;
  const v8i ni = __builtin_convertvector(n, v8i);
  const v8i n1 = ni / 2;
  const v8i n2 = ni - n1;
  return p * reinterpret_cast<v8f>((n1 + 127) << 23) * reinterpret_cast<v8f>((n2 + 127) << 23);
}

/** tanh(x) (vtanh of vmath.h, lane-wise). */
RNNKIT_V8 v8f v8tanh(v8f x) {
  const v8i neg = x < 0.0f;
  const v8f ax = v8select(neg, -x, x);
  const v8f z = x * x;
  v8f p = v8splat(-5.70498872745E-3f);
  p = p * z + 2.06390887954E-2f;
  p = p * z - 5.37397155531E-2f;
  p = p * z + 1.33314422036E-1f;
  p = p * z - 3.33332819422E-1f;
  const v8f small = p * z * x + x;
  const v8f e = v8exp(2.0f * ax);
  v8f big = 1.0f - 2.0f / (e + 1.0f);
  big = v8select(neg, -big, big);
  return v8select(ax < 0.625f, small, big);
}

/** Logistic sigmoid (vsigmoid of vmath.h, lane-wise). */
RNNKIT_V8 v8f v8sigmoid(v8f x) {
  const v8f ax = v8select(x < 0.0f, -x, x);
  const v8f e = v8exp(-ax);
  const v8f s = 1.0f / (1.0f + e);
  return v8select(x >= 0.0f, s, e * s);
}

}  // namespace rnnkit
