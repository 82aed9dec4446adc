// Axis permutation (transpose) and its accumulating gradient.
#include <cstdint>
#include <cstring>

#include "kernels.h"
#include "simd.h"

namespace rnnkit {

namespace {

constexpr int kMaxRank = 8;

/**
 * Visits the output of a permutation in row-major order as runs: for each index of the outer
 * output axes, `run(dstOffset, srcOffset, srcStep)` covers the last output axis (length len).
 * Axes of length 1 are dropped first so the common cases collapse to 2-D/3-D loops.
 */
template <typename Run>
void forEachRun(const int64_t* shape, const int64_t* perm, int rank, Run run) {
  int64_t inStride[kMaxRank];
  int64_t acc = 1;
  for (int d = rank - 1; d >= 0; --d) {
    inStride[d] = acc;
    acc *= shape[d];
  }
  if (acc == 0) return;
  int64_t len[kMaxRank], step[kMaxRank];
  int r = 0;
  for (int d = 0; d < rank; ++d) {
    if (shape[perm[d]] == 1) continue;
    len[r] = shape[perm[d]];
    step[r] = inStride[perm[d]];
    ++r;
  }
  if (r == 0) {
    run(0, 0, 1, 1);
    return;
  }
  const int64_t inner = len[r - 1], innerStep = step[r - 1];
  int64_t idx[kMaxRank] = {0};
  int64_t src = 0;
  for (int64_t dst = 0; dst < acc; dst += inner) {
    run(dst, src, innerStep, inner);
    for (int d = r - 2; d >= 0; --d) {
      ++idx[d];
      src += step[d];
      if (idx[d] < len[d]) break;
      src -= step[d] * len[d];
      idx[d] = 0;
    }
  }
}

}  // namespace

void transpose(float* out, const float* x, const int64_t* shape, const int64_t* perm, int rank) {
  forEachRun(shape, perm, rank, [&](int64_t dst, int64_t src, int64_t step, int64_t len) {
    if (step == 1) {
      std::memcpy(out + dst, x + src, sizeof(float) * len);
    } else {
      float* __restrict o = out + dst;
      const float* s = x + src;
      for (int64_t i = 0; i < len; ++i) o[i] = s[i * step];
    }
  });
}

RNNKIT_CLONES void transposeGrad(float* dX, const float* dOut, const int64_t* shape, const int64_t* perm, int rank) {
  forEachRun(shape, perm, rank, [&](int64_t dst, int64_t src, int64_t step, int64_t len) {
    const float* __restrict g = dOut + dst;
    float* d = dX + src;
    if (step == 1) {
      for (int64_t i = 0; i < len; ++i) d[i] += g[i];
    } else {
      for (int64_t i = 0; i < len; ++i) d[i * step] += g[i];
    }
  });
}

}  // namespace rnnkit
