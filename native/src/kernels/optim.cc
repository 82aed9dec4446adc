// In-place optimizer updates (formulas of src/backends/ref/optim.ts) and the squared norm.
// The updates are element-wise, so large ones are split over the threads in contiguous chunks:
// every element gets the same operations whatever the split (bit-identical for any thread count).
#include <cmath>
#include <cstdint>

#include "kernels.h"
#include "simd.h"
#include "threadpool.h"

namespace rnnkit {
namespace {

// Elements per thread from which an update is split (Adam on 2^15 floats takes ~10 µs on one
// core, about what waking a sleeping worker costs); chunk boundaries on 64-byte multiples.
constexpr int64_t kMinPerThread = int64_t{1} << 15;
constexpr int64_t kGrain = 16;

RNNKIT_CLONES void sgdPlain(float* __restrict w, const float* __restrict g, int64_t n, float lr) {
  for (int64_t i = 0; i < n; ++i) w[i] -= lr * g[i];
}

RNNKIT_CLONES void sgdMomentum(float* __restrict w, float* __restrict v, const float* __restrict g, int64_t n,
                               float lr, float momentum, bool nesterov) {
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

RNNKIT_CLONES void rmsprop(float* __restrict w, float* __restrict v, const float* __restrict g, int64_t n, float lr,
                           float rho, float c, float eps) {
  for (int64_t i = 0; i < n; ++i) {
    const float vi = rho * v[i] + c * g[i] * g[i];
    v[i] = vi;
    w[i] -= (lr * g[i]) / std::sqrt(vi + eps);
  }
}

RNNKIT_CLONES void adam(float* __restrict w, float* __restrict m, float* __restrict v, const float* __restrict g,
                        int64_t n, float alpha, float c1, float c2, float eps) {
  for (int64_t i = 0; i < n; ++i) {
    const float gi = g[i];
    const float mi = m[i] + (gi - m[i]) * c1;
    const float vi = v[i] + (gi * gi - v[i]) * c2;
    m[i] = mi;
    v[i] = vi;
    w[i] -= (alpha * mi) / (std::sqrt(vi) + eps);
  }
}

RNNKIT_CLONES void adagrad(float* __restrict w, float* __restrict a, const float* __restrict g, int64_t n, float lr,
                           float eps) {
  for (int64_t i = 0; i < n; ++i) {
    const float ai = a[i] + g[i] * g[i];
    a[i] = ai;
    w[i] -= (lr * g[i]) / std::sqrt(ai + eps);
  }
}

}  // namespace

void sgdUpdate(float* w, float* v, const float* g, int64_t n, double lrD, double momentumD, bool nesterov) {
  const float lr = static_cast<float>(lrD), momentum = static_cast<float>(momentumD);
  parallelRange(n, kGrain, kMinPerThread, [&](int64_t b, int64_t e) {
    if (momentum == 0.0f) sgdPlain(w + b, g + b, e - b, lr);
    else sgdMomentum(w + b, v + b, g + b, e - b, lr, momentum, nesterov);
  });
}

void rmspropUpdate(float* w, float* v, const float* g, int64_t n, double lrD, double rhoD, double epsD) {
  // Constants derived in double (1 − ρ in float would lose digits when ρ is close to 1).
  const float lr = static_cast<float>(lrD), rho = static_cast<float>(rhoD), eps = static_cast<float>(epsD);
  const float c = static_cast<float>(1.0 - rhoD);
  parallelRange(n, kGrain, kMinPerThread,
                [&](int64_t b, int64_t e) { rmsprop(w + b, v + b, g + b, e - b, lr, rho, c, eps); });
}

void adamUpdate(float* w, float* m, float* v, const float* g, int64_t n, double alphaD, double beta1, double beta2,
                double epsD) {
  const float alpha = static_cast<float>(alphaD), eps = static_cast<float>(epsD);
  const float c1 = static_cast<float>(1.0 - beta1);  // in double: 1 − 0.999 in float keeps 4 digits
  const float c2 = static_cast<float>(1.0 - beta2);
  parallelRange(n, kGrain, kMinPerThread,
                [&](int64_t b, int64_t e) { adam(w + b, m + b, v + b, g + b, e - b, alpha, c1, c2, eps); });
}

void adagradUpdate(float* w, float* a, const float* g, int64_t n, double lrD, double epsD) {
  const float lr = static_cast<float>(lrD), eps = static_cast<float>(epsD);
  parallelRange(n, kGrain, kMinPerThread, [&](int64_t b, int64_t e) { adagrad(w + b, a + b, g + b, e - b, lr, eps); });
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
