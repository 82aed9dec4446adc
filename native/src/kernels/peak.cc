// The CPU's multiply-add peak as measured right now: independent chains of vector a·b + c on the
// SIMD path the GEMM uses (simdPath()), on `threads` threads at once. A GEMM's GFLOP/s divided by
// it is the share of the machine's peak reached, a figure that stays meaningful on a shared VM
// whose speed drifts within minutes (the bench measures both in the same run).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>

#include "kernels.h"
#include "threadpool.h"

namespace rnnkit {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

constexpr int64_t kBlock = 4096;  // chain steps between clock reads

// 12 independent chains (enough to cover FMA latency × issue width on current x86 cores; 12 AVX2
// registers or 12 AVX-512 registers, leaving room for b and c). Each step of a chain is one
// vector multiply-add: 2 · lanes flops. Returns the flops done; `sink` keeps the chains alive.
#define RNNKIT_PEAK_BODY(V, LANES)                                                             \
  const V b = V{} + 0.99999994f, c = V{} + 1e-8f;                                              \
  /* distinct starts: equal chains would be merged into one by the compiler */                 \
  V a0 = b * 0.1f, a1 = b * 0.2f, a2 = b * 0.3f, a3 = b * 0.4f, a4 = b * 0.5f, a5 = b * 0.6f;  \
  V a6 = b * 0.7f, a7 = b * 0.8f, a8 = b * 0.9f, a9 = b * 1.1f, a10 = b * 1.2f, a11 = b * 1.3f; \
  int64_t steps = 0;                                                                           \
  const Clock::time_point t0 = Clock::now();                                                   \
  do {                                                                                         \
    for (int64_t i = 0; i < kBlock; ++i) {                                                     \
      a0 = a0 * b + c; a1 = a1 * b + c; a2 = a2 * b + c; a3 = a3 * b + c;                      \
      a4 = a4 * b + c; a5 = a5 * b + c; a6 = a6 * b + c; a7 = a7 * b + c;                      \
      a8 = a8 * b + c; a9 = a9 * b + c; a10 = a10 * b + c; a11 = a11 * b + c;                  \
      /* the chains stay in registers and are neither merged nor folded (no instruction) */     \
      __asm__ volatile("" : "+v"(a0), "+v"(a1), "+v"(a2), "+v"(a3), "+v"(a4), "+v"(a5), "+v"(a6), \
                       "+v"(a7), "+v"(a8), "+v"(a9), "+v"(a10), "+v"(a11));                     \
    }                                                                                          \
    steps += kBlock;                                                                           \
  } while (secondsSince(t0) < seconds);                                                        \
  const V s = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11));   \
  float lane0;                                                                                 \
  std::memcpy(&lane0, &s, sizeof lane0);                                                       \
  *sink += lane0;                                                                              \
  return static_cast<double>(steps) * 12 * 2 * (LANES);

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
typedef float v16f __attribute__((vector_size(64)));
typedef float v8f __attribute__((vector_size(32)));
__attribute__((target("avx512f"))) double chainsAvx512(double seconds, float* sink) { RNNKIT_PEAK_BODY(v16f, 16) }
__attribute__((target("avx2,fma"))) double chainsAvx2(double seconds, float* sink) { RNNKIT_PEAK_BODY(v8f, 8) }
#endif
typedef float v4f __attribute__((vector_size(16)));
double chainsBase(double seconds, float* sink) { RNNKIT_PEAK_BODY(v4f, 4) }
#undef RNNKIT_PEAK_BODY

double chains(double seconds, float* sink) {
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
  const char* path = simdPath();
  if (std::strcmp(path, "avx512") == 0) return chainsAvx512(seconds, sink);
  if (std::strcmp(path, "avx2") == 0) return chainsAvx2(seconds, sink);
#endif
  return chainsBase(seconds, sink);
}

struct PeakJob {
  double seconds;
  Clock::time_point origin;
  double flops[64];
  double start[64], end[64];  // seconds since origin
  float sink[64];
};

void runChains(void* ctx, int t, int) {
  PeakJob& job = *static_cast<PeakJob*>(ctx);
  job.start[t] = secondsSince(job.origin);
  job.flops[t] = chains(job.seconds, &job.sink[t]);
  job.end[t] = secondsSince(job.origin);
}

}  // namespace

double fmaPeakGflops(int threads, double seconds) {
  threads = std::clamp(threads, 1, 64);
  PeakJob job{};
  job.seconds = seconds;
  job.origin = Clock::now();
  parallelForThreads(threads, threads, runChains, &job);
  // flops of all threads over the span from the first start to the last end: threads that did not
  // run at the same time (a busy pool, a descheduled worker) lower the figure instead of inflating it
  double flops = 0, first = job.start[0], last = job.end[0];
  for (int t = 0; t < threads; ++t) {
    flops += job.flops[t];
    first = std::min(first, job.start[t]);
    last = std::max(last, job.end[t]);
  }
  return last > first ? flops / (last - first) / 1e9 : 0.0;
}

}  // namespace rnnkit
