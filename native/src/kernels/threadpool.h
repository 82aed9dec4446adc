// A small persistent thread pool: the calling thread plus (threads − 1) workers that spin briefly
// and then sleep between jobs. Tasks are claimed from a shared counter, so the caller finishes the
// job alone when a worker is descheduled (a busy machine) instead of waiting for it. One job at a
// time; a caller that finds the pool busy (another JS thread using the addon) runs its job alone.
#pragma once
#include <algorithm>
#include <cstdint>

namespace rnnkit {

using TaskFn = void (*)(void* ctx, int task, int nTasks);

/** Runs fn(ctx, t, nTasks) for every t < nTasks on up to nTasks threads; returns when all are done. */
void parallelFor(int nTasks, TaskFn fn, void* ctx);

/** Runs fn(ctx, t, nTasks) for every t < nTasks on up to `threads` threads (tasks claimed in order). */
void parallelForThreads(int nTasks, int threads, TaskFn fn, void* ctx);

int threadCount();  // cpu.cc (also declared in kernels.h)

/** Chunks per thread of parallelRange: a worker that is descheduled mid-job (a loaded machine)
 *  holds back at most one small chunk, the caller takes the rest. */
constexpr int kChunksPerThread = 4;

/**
 * Splits [0, n) into contiguous chunks [b, e) (boundaries multiples of `grain`, each at least
 * `minChunk` long, up to chunksPerThread per thread) and runs f(b, e) on them over threadCount()
 * threads: large contiguous pieces for memory-bound loops. Below 2 · minChunk it is one f(0, n).
 */
template <class F>
void parallelRange(int64_t n, int64_t grain, int64_t minChunk, const F& f, int chunksPerThread = kChunksPerThread) {
  const int threads = threadCount();
  const int64_t most = minChunk > 0 ? n / minChunk : n;
  const int64_t cap = int64_t{threads} * std::max(chunksPerThread, 1);
  const int tasks = threads <= 1 ? 1 : static_cast<int>(std::min<int64_t>(cap, std::max<int64_t>(most, 1)));
  if (tasks <= 1) {
    if (n > 0) f(int64_t{0}, n);
    return;
  }
  struct Ctx {
    const F* f;
    int64_t n, grain;
  } ctx{&f, n, grain < 1 ? 1 : grain};
  parallelForThreads(tasks, threads, [](void* c, int t, int nt) {
    const Ctx& x = *static_cast<const Ctx*>(c);
    const int64_t units = (x.n + x.grain - 1) / x.grain;
    const int64_t b = std::min(x.n, units * t / nt * x.grain);
    const int64_t e = std::min(x.n, units * (t + 1) / nt * x.grain);
    if (b < e) (*x.f)(b, e);
  }, &ctx);
}

}  // namespace rnnkit
