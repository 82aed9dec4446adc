// Middle-axis sums and row-wise softmax / log-softmax with their gradients. Row sums use eight
// independent partial sums so the compiler can vectorise them without reassociation flags.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "kernels.h"
#include "simd.h"
#include "threadpool.h"
#include "vmath.h"
#include "vmath8.h"

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


/** out[o] = Σ_m x[o, m] in double (sumMid with inner = 1). */
RNNKIT_CLONES void sumRows(float* out, const float* x, int64_t outer, int64_t mid) {
  for (int64_t o = 0; o < outer; ++o) out[o] = static_cast<float>(sumRow(x + o * mid, mid));
}

// ---- sumMid: column sums accumulated in registers ----
// Each column is summed in float from 0 over the middle axis in order (exactly the plain loop
// dst[i] += row[i]), but 64-column blocks are held in eight vector registers over a tile of
// rows instead of going through memory per row. Large sums are split over the threads by
// columns (16-column multiples), so every column keeps its order and the result its bits.

constexpr int64_t kSumMinPerThread = int64_t{1} << 16;  // floats read per thread to split
constexpr int64_t kSumMinCols = 128;  // columns per thread to split
constexpr int64_t kSumTileRows = 16;  // rows per register pass when a thread has > 64 columns

template <int NV>
static inline __attribute__((always_inline)) void sumBlock(float* dst, const float* src, int64_t rows,
                                                           int64_t inner, bool first) {
  v8f acc[NV];
  for (int k = 0; k < NV; ++k) acc[k] = first ? v8f{} : v8load(dst + 8 * k, V8Full{});
  for (int64_t m = 0; m < rows; ++m) {
    const float* row = src + m * inner;
    for (int k = 0; k < NV; ++k) acc[k] += v8load(row + 8 * k, V8Full{});
  }
  for (int k = 0; k < NV; ++k) v8store(dst + 8 * k, acc[k], V8Full{});
}

/** dst[c0, c1) = Σ_m src[m, c0..c1) for src [mid, inner]. */
RNNKIT_CLONES void sumCols(float* dst, const float* src, int64_t mid, int64_t inner, int64_t c0, int64_t c1) {
  const int64_t tile = c1 - c0 <= 64 ? std::max<int64_t>(mid, 1) : kSumTileRows;
  if (mid == 0) std::memset(dst + c0, 0, sizeof(float) * (c1 - c0));
  for (int64_t m0 = 0; m0 < mid; m0 += tile) {
    const int64_t rows = std::min(tile, mid - m0);
    const float* s = src + m0 * inner;
    const bool first = m0 == 0;
    int64_t c = c0;
    for (; c + 64 <= c1; c += 64) sumBlock<8>(dst + c, s + c, rows, inner, first);
    switch ((c1 - c) / 8) {
      case 7: sumBlock<7>(dst + c, s + c, rows, inner, first); break;
      case 6: sumBlock<6>(dst + c, s + c, rows, inner, first); break;
      case 5: sumBlock<5>(dst + c, s + c, rows, inner, first); break;
      case 4: sumBlock<4>(dst + c, s + c, rows, inner, first); break;
      case 3: sumBlock<3>(dst + c, s + c, rows, inner, first); break;
      case 2: sumBlock<2>(dst + c, s + c, rows, inner, first); break;
      case 1: sumBlock<1>(dst + c, s + c, rows, inner, first); break;
      default: break;
    }
    c += (c1 - c) / 8 * 8;
    for (; c < c1; ++c) {
      float acc = first ? 0.0f : dst[c];
      for (int64_t m = 0; m < rows; ++m) acc += s[m * inner + c];
      dst[c] = acc;
    }
  }
}

}  // namespace

void sumMid(float* out, const float* x, int64_t outer, int64_t mid, int64_t inner) {
  if (inner == 1) {
    sumRows(out, x, outer, mid);
    return;
  }
  // At least kSumMinCols columns per thread: narrower column ranges re-walk every row once per
  // thread, which lost when the two threads had to share a core.
  const int64_t minCols = std::max<int64_t>(
      kSumMinCols, (kSumMinPerThread + outer * mid - 1) / std::max<int64_t>(outer * mid, 1));
  // One column range per thread: more, narrower ranges would read every row more times.
  parallelRange(inner, 16, minCols, [&](int64_t c0, int64_t c1) {
    for (int64_t o = 0; o < outer; ++o) sumCols(out + o * inner, x + o * mid * inner, mid, inner, c0, c1);
  }, 1);
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
