// Embedding gather / sparse scatter-add and the middle-axis window copy (slice, concat).
#include <cstdint>
#include <cstring>

#include "kernels.h"
#include "simd.h"

namespace rnnkit {

void gather(float* out, const float* table, const int32_t* ids, int64_t nIds, int64_t dim) {
  for (int64_t i = 0; i < nIds; ++i)
    std::memcpy(out + i * dim, table + static_cast<int64_t>(ids[i]) * dim, sizeof(float) * dim);
}

RNNKIT_CLONES void scatterAdd(float* dTable, const int32_t* ids, const float* dOut, int64_t nIds, int64_t dim) {
  for (int64_t i = 0; i < nIds; ++i) {
    float* __restrict dst = dTable + static_cast<int64_t>(ids[i]) * dim;
    const float* __restrict src = dOut + i * dim;
    for (int64_t j = 0; j < dim; ++j) dst[j] += src[j];
  }
}

RNNKIT_CLONES void copyMid(float* dst, const float* src, int64_t outer, int64_t inner, int64_t dstMid,
                           int64_t dstStart, int64_t srcMid, int64_t srcStart, int64_t len, bool accumulate) {
  const int64_t block = len * inner;
  for (int64_t o = 0; o < outer; ++o) {
    float* d = dst + (o * dstMid + dstStart) * inner;
    const float* s = src + (o * srcMid + srcStart) * inner;
    if (accumulate) {
      for (int64_t i = 0; i < block; ++i) d[i] += s[i];
    } else {
      std::memmove(d, s, sizeof(float) * block);
    }
  }
}

}  // namespace rnnkit
