#include <atomic>
#include <cstdlib>
#include <thread>

#include "kernels.h"

namespace rnnkit {

const char* simdPath() {
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
  static const char* path = [] {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512bw"))
      return "avx512";
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "avx2";
    return "baseline";
  }();
  return path;
#else
  return "baseline";
#endif
}

namespace {
int initialThreads() {
  if (const char* env = std::getenv("RNNKIT_THREADS")) {
    const int n = std::atoi(env);
    if (n >= 1) return n > 64 ? 64 : n;
  }
  const unsigned hw = std::thread::hardware_concurrency();
  return hw >= 2 ? 2 : 1;
}
std::atomic<int> threads{initialThreads()};
}  // namespace

int threadCount() { return threads.load(std::memory_order_relaxed); }

void setThreadCount(int n) { threads.store(n < 1 ? 1 : (n > 64 ? 64 : n), std::memory_order_relaxed); }

}  // namespace rnnkit
