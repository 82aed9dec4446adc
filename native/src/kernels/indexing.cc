// Embedding gather / sparse scatter-add and the middle-axis window copy (slice, concat).
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "kernels.h"
#include "simd.h"
#include "threadpool.h"
#include "vmath8.h"

namespace rnnkit {

namespace {

// Rows looked ahead for prefetching (random table rows miss the caches; the streams of out/dOut
// are sequential and left to the hardware prefetcher).
constexpr int64_t kAhead = 4;
// Floats moved per thread from which gather / scatterAdd are split over the threads.
constexpr int64_t kMinPerThread = int64_t{1} << 16;

static inline __attribute__((always_inline)) void prefetchRow(const float* p, int64_t len, bool forWrite) {
  for (int64_t j = 0; j < len; j += 16) {
    if (forWrite) __builtin_prefetch(p + j, 1);
    else __builtin_prefetch(p + j, 0);
  }
}

// no-tree-loop-distribute-patterns: GCC would turn the row copy into a memcpy call per row.
RNNKIT_CLONES __attribute__((optimize("no-tree-loop-distribute-patterns"))) void gatherRows(float* __restrict out, const float* __restrict table, const int32_t* ids, int64_t i0,
                              int64_t i1, int64_t dim) {
  for (int64_t i = i0; i < i1; ++i) {
    if (i + kAhead < i1) prefetchRow(table + static_cast<int64_t>(ids[i + kAhead]) * dim, dim, false);
    const float* src = table + static_cast<int64_t>(ids[i]) * dim;
    float* dst = out + i * dim;
    int64_t j = 0;
    for (; j + 8 <= dim; j += 8) v8store(dst + j, v8load(src + j, V8Full{}), V8Full{});
    if (j < dim) v8store(dst + j, v8load(src + j, dim - j), dim - j);
  }
}

/** Columns [c0, c1) of dTable[ids[i]] += dOut[i] for every i, in the order of the ids. */
RNNKIT_CLONES void scatterCols(float* dTable, const int32_t* ids, const float* dOut, int64_t nIds, int64_t dim,
                               int64_t c0, int64_t c1) {
  const int64_t len = c1 - c0;
  for (int64_t i = 0; i < nIds; ++i) {
    if (i + kAhead < nIds) prefetchRow(dTable + static_cast<int64_t>(ids[i + kAhead]) * dim + c0, len, true);
    float* dst = dTable + static_cast<int64_t>(ids[i]) * dim + c0;
    const float* src = dOut + i * dim + c0;
    int64_t j = 0;
    for (; j + 8 <= len; j += 8) v8store(dst + j, v8load(dst + j, V8Full{}) + v8load(src + j, V8Full{}), V8Full{});
    for (; j < len; ++j) dst[j] += src[j];
  }
}

}  // namespace

void gather(float* out, const float* table, const int32_t* ids, int64_t nIds, int64_t dim) {
  // Split by ids: disjoint output rows. Grain 16 ids keeps chunk boundaries off shared lines.
  const int64_t minIds = std::max<int64_t>(1, kMinPerThread / std::max<int64_t>(dim, 1));
  parallelRange(nIds, 16, minIds, [&](int64_t i0, int64_t i1) { gatherRows(out, table, ids, i0, i1, dim); });
}

void zeroRows(float* table, const int32_t* ids, int64_t nIds, int64_t dim) {
  for (int64_t i = 0; i < nIds; ++i) std::memset(table + static_cast<int64_t>(ids[i]) * dim, 0, sizeof(float) * dim);
}

void scatterAdd(float* dTable, const int32_t* ids, const float* dOut, int64_t nIds, int64_t dim) {
  // Repeated ids must add in order, so the threads split the columns, not the ids: each thread
  // adds its columns of every row, and every element sees the same additions in the same order.
  // The split is on a 64-byte line of dTable (rows of a multiple of 16 floats share one
  // alignment), so the threads never write the same cache line.
  int tasks = 1;
  int64_t cut = dim;
  // Only rows of ≥ 64 floats: with 32-float rows each thread would get one line per id and the
  // per-id overhead twice (measured slower when the two threads had to share a core).
  if (dim % 16 == 0 && dim >= 64 && nIds * dim >= 2 * kMinPerThread && threadCount() >= 2) {
    const int64_t off = static_cast<int64_t>(reinterpret_cast<uintptr_t>(dTable) / sizeof(float) % 16);
    const int64_t first = (16 - off) % 16;  // the first column that starts a line
    cut = first + (dim / 2 - first + 8) / 16 * 16;  // the line start nearest to dim / 2
    if (cut > 0 && cut < dim) tasks = 2;
  }
  if (tasks == 1) {
    scatterCols(dTable, ids, dOut, nIds, dim, 0, dim);
    return;
  }
  const int64_t cols[3] = {0, cut, dim};
  parallelRange(2, 1, 1, [&](int64_t t, int64_t) { scatterCols(dTable, ids, dOut, nIds, dim, cols[t], cols[t + 1]); });
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
