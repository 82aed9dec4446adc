// Axis permutation (transpose) and its accumulating gradient. The output is visited as runs of its
// last non-unit axis; large permutations are split over the threads in contiguous ranges of runs
// (every output element is written by exactly one thread, so the split changes no bit).
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "kernels.h"
#include "simd.h"
#include "threadpool.h"
#include "vmath8.h"

namespace rnnkit {

namespace {

constexpr int kMaxRank = 8;
// Floats per thread from which a permutation is split (512K floats take ~80 µs on one core).
constexpr int64_t kMinPerThread = int64_t{1} << 16;

/** The output as runs: `runs` runs of `inner` elements; in the input a run steps by innerStep. */
struct Plan {
  int r = 0;  // non-unit axes
  int64_t len[kMaxRank], step[kMaxRank];
  int64_t total = 0, inner = 1, innerStep = 1, runs = 0;
};

/** Axes of length 1 are dropped so the common cases collapse to 2-D/3-D loops. */
Plan makePlan(const int64_t* shape, const int64_t* perm, int rank) {
  Plan p;
  int64_t inStride[kMaxRank];
  int64_t acc = 1;
  for (int d = rank - 1; d >= 0; --d) {
    inStride[d] = acc;
    acc *= shape[d];
  }
  p.total = acc;
  if (acc == 0) return p;
  for (int d = 0; d < rank; ++d) {
    if (shape[perm[d]] == 1) continue;
    p.len[p.r] = shape[perm[d]];
    p.step[p.r] = inStride[perm[d]];
    ++p.r;
  }
  if (p.r > 0) {
    p.inner = p.len[p.r - 1];
    p.innerStep = p.step[p.r - 1];
  }
  p.runs = acc / p.inner;
  return p;
}

/** run(dstOffset, srcOffset, srcStep, len) for the runs [r0, r1) of the output, in order. */
template <typename Run>
inline void forEachRun(const Plan& p, int64_t r0, int64_t r1, Run run) {
  int64_t idx[kMaxRank] = {0};
  int64_t src = 0;
  int64_t q = r0;  // the multi-index of run r0 (the outer axes, last fastest)
  for (int d = p.r - 2; d >= 0; --d) {
    idx[d] = q % p.len[d];
    q /= p.len[d];
    src += idx[d] * p.step[d];
  }
  for (int64_t k = r0; k < r1; ++k) {
    run(k * p.inner, src, p.innerStep, p.inner);
    for (int d = p.r - 2; d >= 0; --d) {
      ++idx[d];
      src += p.step[d];
      if (idx[d] < p.len[d]) break;
      src -= p.step[d] * p.len[d];
      idx[d] = 0;
    }
  }
}

RNNKIT_CLONES void transposeRuns(float* out, const float* x, const Plan& p, int64_t r0, int64_t r1) {
  forEachRun(p, r0, r1, [&](int64_t dst, int64_t src, int64_t step, int64_t len) {
    float* __restrict o = out + dst;
    const float* __restrict s = x + src;
    if (step == 1) {
      std::memcpy(o, s, sizeof(float) * len);  // an inline vector copy was slower with cold caches
    } else {
      for (int64_t i = 0; i < len; ++i) o[i] = s[i * step];
    }
  });
}

RNNKIT_CLONES void transposeGradRuns(float* dX, const float* dOut, const Plan& p, int64_t r0, int64_t r1) {
  forEachRun(p, r0, r1, [&](int64_t dst, int64_t src, int64_t step, int64_t len) {
    const float* __restrict g = dOut + dst;
    float* __restrict d = dX + src;
    if (step == 1) {
      int64_t i = 0;
      for (; i + 8 <= len; i += 8) v8store(d + i, v8load(d + i, V8Full{}) + v8load(g + i, V8Full{}), V8Full{});
      for (; i < len; ++i) d[i] += g[i];
    } else {
      for (int64_t i = 0; i < len; ++i) d[i * step] += g[i];
    }
  });
}

/** Runs per thread so that each thread gets ≥ kMinPerThread floats; ranges of 16-float multiples. */
int64_t minRuns(const Plan& p) { return std::max<int64_t>(1, kMinPerThread / p.inner); }
int64_t grainRuns(const Plan& p) { return p.inner % 16 == 0 ? 1 : 16; }

}  // namespace

void transpose(float* out, const float* x, const int64_t* shape, const int64_t* perm, int rank) {
  const Plan p = makePlan(shape, perm, rank);
  if (p.total == 0) return;
  parallelRange(p.runs, grainRuns(p), minRuns(p), [&](int64_t r0, int64_t r1) { transposeRuns(out, x, p, r0, r1); });
}

void transposeGrad(float* dX, const float* dOut, const int64_t* shape, const int64_t* perm, int rank) {
  const Plan p = makePlan(shape, perm, rank);
  if (p.total == 0) return;
  parallelRange(p.runs, grainRuns(p), minRuns(p),
                [&](int64_t r0, int64_t r1) { transposeGradRuns(dX, dOut, p, r0, r1); });
}

}  // namespace rnnkit
