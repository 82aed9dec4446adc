// SGEMM: packing + register-blocked micro-kernel (gemm_impl.h) compiled three times, for
// AVX-512, AVX2+FMA and baseline x86-64, and picked at run time; split over the thread pool
// along the depth k when k dominates (weight gradients: small m·n, long k; partial products are
// summed afterwards), else along the larger of m and n, when the product is big enough.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "kernels.h"
#include "threadpool.h"

namespace rnnkit {
namespace {

struct GemmArgs {
  float* c;
  const float* a;
  const float* b;
  int64_t m, n, k;
  bool transA, transB, accumulate;
  const float* bias;  // [n] added to every row of c, or nullptr
};

/** A grow-only 64-byte-aligned float buffer (one per thread and instruction set). */
class AlignedBuffer {
 public:
  ~AlignedBuffer() { std::free(p_); }
  float* get(int64_t n) {
    if (n > cap_) {
      std::free(p_);
      p_ = static_cast<float*>(std::aligned_alloc(64, ((n * sizeof(float) + 63) / 64) * 64));
      cap_ = n;
    }
    return p_;
  }

 private:
  float* p_ = nullptr;
  int64_t cap_ = 0;
};

}  // namespace

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#pragma GCC push_options
#pragma GCC target("avx512f,avx512vl,avx512dq,avx512bw,avx2,fma")
namespace avx512 {
#define MR 12
#define VW 16
#include "gemm_impl.h"
#undef MR
#undef VW
}  // namespace avx512
#pragma GCC pop_options

#pragma GCC push_options
#pragma GCC target("avx2,fma")
namespace avx2 {
#ifdef RNNKIT_TEST_WIDE_TILES
// Test build only (scripts/test-wide-tiles.sh): the AVX-512 body's tile shape (12 rows x 32 columns,
// 16-float vectors, lowered to pairs of AVX2 registers), so its edge and packing logic runs on
// machines without AVX-512.
#define MR 12
#define VW 16
#else
#define MR 6
#define VW 8
#endif
#include "gemm_impl.h"
#undef MR
#undef VW
}  // namespace avx2
#pragma GCC pop_options
#define RNNKIT_HAVE_X86_PATHS 1
#endif

namespace base {
#define MR 6
#define VW 4
#include "gemm_impl.h"
#undef MR
#undef VW
}  // namespace base

namespace {

using BlockFn = void (*)(const GemmArgs&, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, float*, int64_t, bool);
using PackedSizeFn = int64_t (*)(int64_t, int64_t);
using PackAllFn = void (*)(float*, const float*, int64_t, int64_t, bool);
using PackedFn = void (*)(float*, int64_t, const float*, int64_t, int64_t, int64_t, const float*, bool);

struct Kernel {
  BlockFn block;
  int64_t mr, nr;
  PackedSizeFn packedSize;
  PackAllFn packAll;
  PackedFn packed;
};

#define RNNKIT_KERNEL(ns, mr, nr) Kernel{ns::gemmBlock, mr, nr, ns::packedSize, ns::packAll, ns::gemmPacked}

Kernel pickKernel() {
#ifdef RNNKIT_HAVE_X86_PATHS
  const char* path = simdPath();
  if (std::strcmp(path, "avx512") == 0) return RNNKIT_KERNEL(avx512, 12, 32);
#ifdef RNNKIT_TEST_WIDE_TILES
  if (std::strcmp(path, "avx2") == 0) return RNNKIT_KERNEL(avx2, 12, 32);
#else
  if (std::strcmp(path, "avx2") == 0) return RNNKIT_KERNEL(avx2, 6, 16);
#endif
#endif
  return RNNKIT_KERNEL(base, 6, 8);
}

const Kernel& kernel() {
  static const Kernel k = pickKernel();
  return k;
}

// Below this many multiply-adds one thread is used. Measured on the 2-core EPYC with the current pool
// (a spinning worker starts a task in < 1 µs, a sleeping one in ~10-20 µs): min of 60, 1 vs 2 threads,
// 12800x32x32 0.362 vs 0.186 ms, 32x32x12800 (tA) 0.485 vs 0.266, 2048x32x32 0.090 vs 0.046,
// 128x128x128 0.075 vs 0.042, 1024x32x32 0.038 vs 0.023. Products of ≥ 2M MACs (≥ ~50 µs) split.
constexpr int64_t kParallelMacs = int64_t{1} << 21;

enum class Split { Rows, Cols, Depth };

struct SplitJob {
  const GemmArgs* g;
  const Kernel* kern;
  Split split;
  float* partial;  // Depth: [nTasks − 1][m, n], task t > 0 writes slice t − 1
};

void runSplit(void* ctx, int t, int nTasks) {
  const SplitJob& job = *static_cast<const SplitJob*>(ctx);
  const GemmArgs& g = *job.g;
  const int64_t total = job.split == Split::Rows ? g.m : job.split == Split::Cols ? g.n : g.k;
  const int64_t unit = job.split == Split::Rows ? job.kern->mr : job.split == Split::Cols ? job.kern->nr : 1;
  const int64_t units = (total + unit - 1) / unit;
  const int64_t lo = std::min(total, (units * t / nTasks) * unit);
  const int64_t hi = std::min(total, (units * (t + 1) / nTasks) * unit);
  if (job.split == Split::Depth) {
    float* c = t == 0 ? g.c : job.partial + (t - 1) * g.m * g.n;
    if (lo < hi) job.kern->block(g, 0, g.m, 0, g.n, lo, hi, c, g.n, t == 0 && g.accumulate);
    else if (t > 0) std::memset(c, 0, sizeof(float) * g.m * g.n);
    return;
  }
  if (lo >= hi) return;
  if (job.split == Split::Rows) job.kern->block(g, lo, hi, 0, g.n, 0, g.k, g.c + lo * g.n, g.n, g.accumulate);
  else job.kern->block(g, 0, g.m, lo, hi, 0, g.k, g.c + lo, g.n, g.accumulate);
}

}  // namespace

void sgemmThreads(float* c, const float* a, const float* b, int64_t m, int64_t n, int64_t k, bool transA, bool transB,
                  bool accumulate, int threads, const float* bias) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) std::memset(c, 0, sizeof(float) * m * n);
    if (bias)
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j) c[i * n + j] += bias[j];
    return;
  }
  const GemmArgs g{c, a, b, m, n, k, transA, transB, accumulate, bias};
  const Kernel& kern = kernel();
  // Depth split when every thread's share of k is at least the longer output side: splitting m or n
  // would have each thread pack (or read) a long operand mostly for nothing, and its tiles be thin.
  Split split = m >= n ? Split::Rows : Split::Cols;
  if (threads > 1 && k / threads >= std::max(m, n)) split = Split::Depth;
  const int64_t units = split == Split::Depth ? k : split == Split::Rows ? (m + kern.mr - 1) / kern.mr
                                                                         : (n + kern.nr - 1) / kern.nr;
  const int nTasks = static_cast<int>(std::min<int64_t>(threads, units));
  if (nTasks <= 1) {
    kern.block(g, 0, m, 0, n, 0, k, c, n, accumulate);
    return;
  }
  thread_local AlignedBuffer partialBuf;
  // partial: [nTasks − 1][m, n], the depth slices of tasks 1.. (Depth split only)
  float* partial = split == Split::Depth ? partialBuf.get((nTasks - 1) * m * n) : nullptr;
  SplitJob job{&g, &kern, split, partial};
  parallelFor(nTasks, runSplit, &job);
  if (split == Split::Depth)
    for (int t = 1; t < nTasks; ++t) {
      const float* p = partial + (t - 1) * m * n;
      for (int64_t i = 0; i < m * n; ++i) c[i] += p[i];
    }
}

void sgemm(float* c, const float* a, const float* b, int64_t m, int64_t n, int64_t k, bool transA, bool transB,
           bool accumulate, const float* bias) {
  const int threads = m * n * k >= kParallelMacs ? threadCount() : 1;
  sgemmThreads(c, a, b, m, n, k, transA, transB, accumulate, threads, bias);
}

void PackedMatrix::pack(const float* b, int64_t n, int64_t k, bool transB) {
  thread_local AlignedBuffer slots[4];
  const Kernel& kern = kernel();
  const int64_t need = kern.packedSize(n, k);
  data_ = slots[slot_ & 3].get(need);
  n_ = n;
  k_ = k;
  if (need > 0) kern.packAll(data_, b, n, k, transB);
}

void sgemmPacked(float* c, int64_t ldc, const float* a, int64_t m, const PackedMatrix& b, bool accumulate) {
  if (m <= 0 || b.n() <= 0) return;
  kernel().packed(c, ldc, a, m, b.n(), b.k(), b.data(), accumulate);
}

int64_t gemmTileRows() { return kernel().mr; }

}  // namespace rnnkit
