// Branch-free float32 exp / tanh / sigmoid the compiler vectorises (Cephes polynomials, ~1 ulp
// for exp). Inlined into the dispatching (multiversioned) kernels, so each clone gets its ISA.
#pragma once
#include <cstdint>
#include <cstring>

namespace rnnkit {

static inline float bitsToFloat(int32_t i) {
  float f;
  std::memcpy(&f, &i, sizeof f);
  return f;
}

/** e^x for float32, including the subnormal range (x down to about -104) and overflow to +inf. */
static inline float vexp(float x) {
  x = x > 88.8f ? 88.8f : x;        // NaN passes through both clamps
  x = x < -104.0f ? -104.0f : x;
  const float t = x * 1.44269504088896341f;
  const float n = (t + 12582912.0f) - 12582912.0f;  // round to nearest integer
  float r = x - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  float p = 1.9875691500E-4f;
  p = p * r + 1.3981999507E-3f;
  p = p * r + 8.3334519073E-3f;
  p = p * r + 4.1665795894E-2f;
  p = p * r + 1.6666665459E-1f;
  p = p * r + 5.0000001201E-1f;
  p = p * r * r + r + 1.0f;
  // 2^n as two factors so that n in [-150, 128] never leaves the normal range of each factor.
  const int32_t ni = static_cast<int32_t>(n);
  const int32_t n1 = ni / 2;
  const int32_t n2 = ni - n1;
  return p * bitsToFloat((n1 + 127) << 23) * bitsToFloat((n2 + 127) << 23);
}

/** tanh(x): odd polynomial for |x| < 0.625, 1 − 2/(e^{2|x|} + 1) above. */
static inline float vtanh(float x) {
  const float ax = x < 0 ? -x : x;
  const float z = x * x;
  float p = -5.70498872745E-3f;
  p = p * z + 2.06390887954E-2f;
  p = p * z - 5.37397155531E-2f;
  p = p * z + 1.33314422036E-1f;
  p = p * z - 3.33332819422E-1f;
  const float small = p * z * x + x;
  const float e = vexp(2.0f * ax);
  float big = 1.0f - 2.0f / (e + 1.0f);
  big = x < 0 ? -big : big;
  return ax < 0.625f ? small : big;
}

/** Logistic sigmoid: 1/(1+e^{−x}) for x ≥ 0, e^{x}/(1+e^{x}) below (no overflow either way). */
static inline float vsigmoid(float x) {
  const float ax = x < 0 ? -x : x;
  const float e = vexp(-ax);
  const float s = 1.0f / (1.0f + e);
  return x >= 0 ? s : e * s;
}

}  // namespace rnnkit
