#include "rnn_common.h"

#include <algorithm>
#include <atomic>

#include "simd.h"

namespace rnnkit {
namespace rnn {

// Below this many recurrent multiply-adds in a whole call (T·B·macs per row and step), one thread
// runs it. Measured on the 2-core EPYC (out/rnnk/bench.mjs, min / median of 40 interleaved calls,
// ms, 1 thread vs 2 batch slices): LSTM 32 (T 100, B 128; 52M MACs forward) forward 2.58 / 2.67 vs
// 1.65 / 2.18, BPTT 3.85 / 4.08 vs 2.17 / 2.52; GRU 32 (39M) forward 2.02 / 2.13 vs 1.49 / 1.56,
// BPTT 3.00 / 3.38 vs 1.98 / 2.12; LSTM 128 (T 10, B 128; 84M) forward 2.53 / 2.60 vs 1.44 / 1.54;
// but SimpleRNN 32 (13M forward, 26M BPTT) forward 0.51 / 0.53 vs 0.41 / 0.47, BPTT 0.86 / 0.93 vs
// 0.89 / 0.94 (measured while another process held one core). Re-measured on a quiet machine after
// the GEMM's own threshold went down to 2^21 (out/srnn.mts, min of 40, ms, one thread vs split):
// SimpleRNN 32 T 100 B 128 forward 0.495 vs 0.287, BPTT 0.639 vs 0.463; B 64: 0.254 vs 0.144,
// 0.316 vs 0.239; T 100 B 32 (3.3M MACs): 0.135 vs 0.090, 0.160 vs 0.133. Slices never synchronise
// between steps, and a slice no worker has claimed when the caller finishes its own is run by the
// caller, so from 2^21 (the GEMM's threshold too) every seed workload splits.
constexpr int64_t kParallelMacs = int64_t{1} << 21;
std::atomic<int64_t> parallelMacs{kParallelMacs};
// Two slices per thread: the same speed on a quiet machine, and with one core taken by another
// process (a busy loop beside out/rnnk/bench.mjs, median of 30, ms) LSTM 128 (T 80, B 50) forward
// 8.02 and BPTT 14.3 instead of 9.58 and 17.9 with one slice per thread (one thread: 7.71, 14.1):
// a preempted worker holds back a quarter of the rows instead of half.
constexpr int kSlicesPerThread = 2;  // settable for tests (setRnnParallelMacs)

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
  return static_cast<int>(std::min<int64_t>(int64_t{kSlicesPerThread} * threads, units));
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
