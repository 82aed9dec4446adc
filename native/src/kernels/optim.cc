// In-place optimizer updates (formulas of src/backends/ref/optim.ts) and the squared norm.
#include <cmath>
#include <cstdint>

#include "kernels.h"
#include "simd.h"

namespace rnnkit {

RNNKIT_CLONES void sgdUpdate(float* __restrict w, float* __restrict v, const float* __restrict g, int64_t n,
                             double lrD, double momentumD, bool nesterov) {
  const float lr = static_cast<float>(lrD), momentum = static_cast<float>(momentumD);
  if (momentum == 0.0f) {
    for (int64_t i = 0; i < n; ++i) w[i] -= lr * g[i];
    return;
  }
  if (nesterov) {
    for (int64_t i = 0; i < n; ++i) {
      const float vi = momentum * v[i] - lr * g[i];
      v[i] = vi;
      w[i] += momentum * vi - lr * g[i];
    }
  } else {
    for (int64_t i = 0; i < n; ++i) {
      const float vi = momentum * v[i] - lr * g[i];
      v[i] = vi;
      w[i] += vi;
    }
  }
}

RNNKIT_CLONES void rmspropUpdate(float* __restrict w, float* __restrict v, const float* __restrict g, int64_t n,
                                 double lrD, double rhoD, double epsD) {
  // Constants derived in double (1 − ρ in float would lose digits when ρ is close to 1).
  const float lr = static_cast<float>(lrD), rho = static_cast<float>(rhoD), eps = static_cast<float>(epsD);
  const float c = static_cast<float>(1.0 - rhoD);
  for (int64_t i = 0; i < n; ++i) {
    const float vi = rho * v[i] + c * g[i] * g[i];
    v[i] = vi;
    w[i] -= (lr * g[i]) / std::sqrt(vi + eps);
  }
}

RNNKIT_CLONES void adamUpdate(float* __restrict w, float* __restrict m, float* __restrict v, const float* __restrict g,
                              int64_t n, double alphaD, double beta1, double beta2, double epsD) {
  const float alpha = static_cast<float>(alphaD), eps = static_cast<float>(epsD);
  const float c1 = static_cast<float>(1.0 - beta1);  // in double: 1 − 0.999 in float keeps 4 digits
  const float c2 = static_cast<float>(1.0 - beta2);
  for (int64_t i = 0; i < n; ++i) {
    const float gi = g[i];
    const float mi = m[i] + (gi - m[i]) * c1;
    const float vi = v[i] + (gi * gi - v[i]) * c2;
    m[i] = mi;
    v[i] = vi;
    w[i] -= (alpha * mi) / (std::sqrt(vi) + eps);
  }
}

RNNKIT_CLONES void adagradUpdate(float* __restrict w, float* __restrict a, const float* __restrict g, int64_t n,
                                 double lrD, double epsD) {
  const float lr = static_cast<float>(lrD), eps = static_cast<float>(epsD);
  for (int64_t i = 0; i < n; ++i) {
    const float ai = a[i] + g[i] * g[i];
    a[i] = ai;
    w[i] -= (lr * g[i]) / std::sqrt(ai + eps);
  }
}

RNNKIT_CLONES double sumSquares(const float* g, int64_t n) {
  double acc[8] = {};
  int64_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (int l = 0; l < 8; ++l) acc[l] += static_cast<double>(g[i + l]) * static_cast<double>(g[i + l]);
  double s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
  for (; i < n; ++i) s += static_cast<double>(g[i]) * static_cast<double>(g[i]);
  return s;
}

}  // namespace rnnkit
