#include "rnn_common.h"

#include <algorithm>
#include <atomic>

#include "simd.h"

namespace rnnkit {
namespace rnn {

// Below this many recurrent multiply-adds in a whole call, one thread runs it. Measured on the
// 2-core EPYC shared with other jobs (native/README.md): two slices did not pay for the 32-unit
// stacks (LSTM 32, B 128, T 100: forward 3.8 ms on 1 thread, 6.5 ms on 2) and broke even on
// LSTM 128 (B 50, T 80: 12.9 vs 13.7 ms); on an idle machine slices need no per-step
// synchronisation, so the large calls (≥ 2^27, LSTM 128) keep them.
constexpr int64_t kParallelMacs = int64_t{1} << 27;
std::atomic<int64_t> parallelMacs{kParallelMacs};  // settable for tests (setRnnParallelMacs)

namespace {

constexpr int kSlots = 16;

/** Grow-only aligned buffers, one per slot, of one thread. */
struct SlotCache {
  float* p[kSlots] = {};
  int64_t cap[kSlots] = {};
  ~SlotCache() {
    for (float* q : p) std::free(q);
  }
};

}  // namespace

Buf::Buf(int slot, int64_t n) {
  thread_local SlotCache cache;
  if (n <= 0) return;
  if (n > cache.cap[slot]) {
    std::free(cache.p[slot]);
    cache.p[slot] = static_cast<float*>(std::aligned_alloc(64, ((n * sizeof(float) + 63) / 64) * 64));
    cache.cap[slot] = n;
  }
  p_ = cache.p[slot];
}

int sliceTasks(int64_t T, int64_t B, int64_t macsPerRowStep) {
  const int threads = threadCount();
  if (threads <= 1 || T * B * macsPerRowStep < parallelMacs.load(std::memory_order_relaxed)) return 1;
  const int64_t units = (B + gemmTileRows() - 1) / gemmTileRows();
  return static_cast<int>(std::min<int64_t>(threads, units));
}

RNNKIT_CLONES void mulTo(float* __restrict out, const float* __restrict a, const float* __restrict b, int64_t n) {
  for (int64_t i = 0; i < n; ++i) out[i] = a[i] * b[i];
}

RNNKIT_CLONES void addTo(float* __restrict y, const float* __restrict x, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] += x[i];
}

RNNKIT_CLONES void mulBy(float* __restrict y, const float* __restrict x, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] *= x[i];
}

RNNKIT_CLONES void sumRowsTo(float* __restrict out, const float* __restrict x, int64_t rows, int64_t cols) {
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t j = 0; j < cols; ++j) out[j] += x[r * cols + j];
}

void recInputs(float* hIn, const float* hSeq, const float* h0, const float* recMask, int64_t T, int64_t B, int64_t H,
               int64_t b0, int64_t b1) {
  const int64_t n = (b1 - b0) * H;
  for (int64_t s = 0; s < T; ++s) {
    float* dst = hIn + (s * B + b0) * H;
    const float* src = prev(hSeq, h0, s, B, H, b0);
    if (recMask) mulTo(dst, src, recMask + b0 * H, n);
    else std::memcpy(dst, src, sizeof(float) * n);
  }
}

void recWeightGrad(float* dU, const float* hIn, const float* hSeq, const float* h0, const float* dG, int64_t T,
                   int64_t B, int64_t H, int64_t n, bool accumulate) {
  if (T <= 0 || B <= 0) {
    if (!accumulate) std::memset(dU, 0, sizeof(float) * H * n);
    return;
  }
  if (hIn) {
    sgemm(dU, hIn, dG, H, n, T * B, true, false, accumulate);
    return;
  }
  sgemm(dU, h0, dG, H, n, B, true, false, accumulate);
  if (T > 1) sgemm(dU, hSeq, dG + B * n, H, n, (T - 1) * B, true, false, true);
}

}  // namespace rnn

int64_t rnnParallelMacs() { return rnn::parallelMacs.load(std::memory_order_relaxed); }

void setRnnParallelMacs(int64_t macs) { rnn::parallelMacs.store(macs < 0 ? 0 : macs, std::memory_order_relaxed); }

}  // namespace rnnkit
