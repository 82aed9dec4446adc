#include "threadpool.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#define RNNKIT_PAUSE() _mm_pause()
#else
#define RNNKIT_PAUSE() ((void)0)
#endif

namespace rnnkit {
namespace {

constexpr int kSpin = 20000;  // pause iterations before a worker sleeps (some tens of µs)
constexpr int kYieldEvery = 64;  // a worker's spin yields the core this often (see loop())
constexpr int kWaitSpin = 2000;  // pause iterations the caller spins for claimed tasks before yielding

struct Job {
  TaskFn fn;
  void* ctx;
  int nTasks;
  std::atomic<int> helpers;  // workers still allowed to join (threads − 1 at the start)
  std::atomic<int> next{0};
  std::atomic<int> done{0};

  void work() {
    for (int t = next.fetch_add(1); t < nTasks; t = next.fetch_add(1)) {
      fn(ctx, t, nTasks);
      done.fetch_add(1, std::memory_order_release);
    }
  }
};

class Pool {
 public:
  explicit Pool(int workers) {
    for (int i = 0; i < workers; ++i) std::thread([this] { loop(); }).detach();
    workers_ = workers;
  }
  int workers() const { return workers_; }

  bool tryRun(int nTasks, int threads, TaskFn fn, void* ctx) {
    std::unique_lock<std::mutex> busy(busy_, std::try_to_lock);
    if (!busy.owns_lock()) return false;
    Job job{fn, ctx, nTasks, threads - 1};
    job_.store(&job);
    {
      std::lock_guard<std::mutex> lk(m_);
      gen_.fetch_add(1);
    }
    cv_.notify_all();
    job.work();
    // Tasks a worker claimed: spin briefly, then yield the core (on a loaded machine the worker may
    // be waiting for exactly this CPU).
    for (int spins = 0; job.done.load(std::memory_order_acquire) < nTasks; ++spins) {
      if (spins < kWaitSpin) RNNKIT_PAUSE();
      else std::this_thread::yield();
    }
    job_.store(nullptr);
    while (inside_.load() > 0) RNNKIT_PAUSE();  // a worker that saw &job has left it
    return true;
  }

 private:
  void loop() {
    // The generation at construction, not at thread start: a job posted before this thread first
    // ran (the pool's very first job) is joined instead of missed.
    uint64_t seen = 0;
    for (;;) {
      // Spin (cheap wake-up for back-to-back jobs), but yield every kYieldEvery pauses: on a loaded
      // machine this worker may share a core with the caller, and a plain spin would keep the
      // caller (the JS thread) off it for the whole spin.
      for (int spins = 0; gen_.load() == seen && spins < kSpin; ++spins) {
        RNNKIT_PAUSE();
        if (spins % kYieldEvery == kYieldEvery - 1) std::this_thread::yield();
      }
      if (gen_.load() == seen) {
        std::unique_lock<std::mutex> lk(m_);
        cv_.wait(lk, [&] { return gen_.load() != seen; });
      }
      seen = gen_.load();
      inside_.fetch_add(1);
      if (Job* job = job_.load()) {
        if (job->helpers.fetch_sub(1) > 0) job->work();
      }
      inside_.fetch_sub(1);
    }
  }

  int workers_ = 0;
  std::mutex busy_, m_;
  std::condition_variable cv_;
  std::atomic<uint64_t> gen_{0};
  std::atomic<Job*> job_{nullptr};
  std::atomic<int> inside_{0};
};

std::mutex poolMutex;
Pool* pool = nullptr;  // created on first use and never destroyed: its workers sleep until exit

}  // namespace

void parallelForThreads(int nTasks, int threads, TaskFn fn, void* ctx) {
  threads = std::min(threads, nTasks);
  if (threads <= 1) {
    for (int t = 0; t < nTasks; ++t) fn(ctx, t, nTasks);
    return;
  }
  Pool* p;
  {
    std::lock_guard<std::mutex> lk(poolMutex);
    // Grown by replacement (rare: only when the thread count rises); the old workers keep sleeping.
    if (pool == nullptr || pool->workers() < threads - 1) pool = new Pool(threads - 1);
    p = pool;
  }
  if (!p->tryRun(nTasks, threads, fn, ctx)) {
    for (int t = 0; t < nTasks; ++t) fn(ctx, t, nTasks);
  }
}

void parallelFor(int nTasks, TaskFn fn, void* ctx) { parallelForThreads(nTasks, nTasks, fn, ctx); }

}  // namespace rnnkit
