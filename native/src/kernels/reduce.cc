// Middle-axis sums and row-wise softmax / log-softmax with their gradients. Row sums use eight
// independent partial sums so the compiler can vectorise them without reassociation flags.
#include <cmath>
#include <cstdint>
#include <cstring>

#include "kernels.h"
#include "simd.h"
#include "vmath.h"

namespace rnnkit {
namespace {

/** Σ x[j] in double, eight lanes. */
static inline double sumRow(const float* x, int64_t n) {
  double acc[8] = {};
  int64_t j = 0;
  for (; j + 8 <= n; j += 8)
    for (int l = 0; l < 8; ++l) acc[l] += static_cast<double>(x[j + l]);
  double s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
  for (; j < n; ++j) s += static_cast<double>(x[j]);
  return s;
}

/** Σ x[j]·y[j] in double, eight lanes. */
static inline double dotRow(const float* x, const float* y, int64_t n) {
  double acc[8] = {};
  int64_t j = 0;
  for (; j + 8 <= n; j += 8)
    for (int l = 0; l < 8; ++l) acc[l] += static_cast<double>(x[j + l]) * static_cast<double>(y[j + l]);
  double s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
  for (; j < n; ++j) s += static_cast<double>(x[j]) * static_cast<double>(y[j]);
  return s;
}

/** Σ e^{x[j] − shift} in double, eight lanes (reads x only, so out may alias x). */
static inline double sumExpRow(const float* x, float shift, int64_t n) {
  double acc[8] = {};
  int64_t j = 0;
  for (; j + 8 <= n; j += 8)
    for (int l = 0; l < 8; ++l) acc[l] += static_cast<double>(vexp(x[j + l] - shift));
  double s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
  for (; j < n; ++j) s += static_cast<double>(vexp(x[j] - shift));
  return s;
}

static inline float maxRow(const float* x, int64_t n) {
  float mx = -INFINITY;
  for (int64_t j = 0; j < n; ++j) mx = x[j] > mx ? x[j] : mx;
  return mx;
}

}  // namespace

RNNKIT_CLONES void sumMid(float* out, const float* x, int64_t outer, int64_t mid, int64_t inner) {
  for (int64_t o = 0; o < outer; ++o) {
    float* dst = out + o * inner;
    const float* src = x + o * mid * inner;
    if (inner == 1) {
      dst[0] = static_cast<float>(sumRow(src, mid));
      continue;
    }
    std::memset(dst, 0, sizeof(float) * inner);
    for (int64_t m = 0; m < mid; ++m) {
      const float* row = src + m * inner;
      for (int64_t i = 0; i < inner; ++i) dst[i] += row[i];
    }
  }
}

RNNKIT_CLONES void sumMidGrad(float* dX, const float* dOut, int64_t outer, int64_t mid, int64_t inner) {
  for (int64_t o = 0; o < outer; ++o) {
    const float* src = dOut + o * inner;
    for (int64_t m = 0; m < mid; ++m) {
      float* dst = dX + (o * mid + m) * inner;
      for (int64_t i = 0; i < inner; ++i) dst[i] += src[i];
    }
  }
}

RNNKIT_CLONES void softmax(float* out, const float* x, int64_t rows, int64_t cols) {
  for (int64_t r = 0; r < rows; ++r) {
    const float* xr = x + r * cols;
    float* yr = out + r * cols;
    const float mx = maxRow(xr, cols);
    for (int64_t j = 0; j < cols; ++j) yr[j] = vexp(xr[j] - mx);
    const float inv = static_cast<float>(1.0 / sumRow(yr, cols));
    for (int64_t j = 0; j < cols; ++j) yr[j] *= inv;
  }
}

RNNKIT_CLONES void softmaxGrad(float* dX, const float* y, const float* dY, int64_t rows, int64_t cols) {
  for (int64_t r = 0; r < rows; ++r) {
    const float* yr = y + r * cols;
    const float* gr = dY + r * cols;
    float* dr = dX + r * cols;
    const float dot = static_cast<float>(dotRow(gr, yr, cols));
    for (int64_t j = 0; j < cols; ++j) dr[j] += yr[j] * (gr[j] - dot);
  }
}

RNNKIT_CLONES void logSoftmax(float* out, const float* x, int64_t rows, int64_t cols) {
  for (int64_t r = 0; r < rows; ++r) {
    const float* xr = x + r * cols;
    float* yr = out + r * cols;
    const float mx = maxRow(xr, cols);
    const float lse = static_cast<float>(static_cast<double>(mx) + std::log(sumExpRow(xr, mx, cols)));
    for (int64_t j = 0; j < cols; ++j) yr[j] = xr[j] - lse;
  }
}

RNNKIT_CLONES void logSoftmaxGrad(float* dX, const float* y, const float* dY, int64_t rows, int64_t cols) {
  for (int64_t r = 0; r < rows; ++r) {
    const float* yr = y + r * cols;
    const float* gr = dY + r * cols;
    float* dr = dX + r * cols;
    const float s = static_cast<float>(sumRow(gr, cols));
    for (int64_t j = 0; j < cols; ++j) dr[j] += gr[j] - vexp(yr[j]) * s;
  }
}

}  // namespace rnnkit
