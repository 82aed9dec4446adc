// Shared pieces of the fused recurrent kernels (rnn_simple.cc, rnn_lstm.cc, rnn_gru.cc).
//
// Parallelism: batch rows of a recurrence are independent (h_s[b] depends only on h_{s−1}[b]),
// so a whole sequence — forward or BPTT — is split over the thread pool by BATCH SLICES, each
// thread running every time step of its rows with no synchronisation between steps. The per-step
// recurrent GEMM of a slice runs on its own thread against the recurrent kernel packed once per
// call (PackedMatrix). Weight gradients are one big GEMM over all steps after the loop.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "kernels.h"
#include "threadpool.h"
#include "vmath8.h"

// Row helpers, inlined into the multiversioned (RNNKIT_CLONES) cell functions so that each clone
// gets its ISA. They work on 8-float vectors (vmath8.h), the last partial vector of a row through
// a zero-padded load/store: written as scalar loops, GCC left the fused gate math scalar (40% of
// an LSTM step).
#define RNNKIT_ROW static inline __attribute__((always_inline))

namespace rnnkit {
namespace rnn {

/**
 * Uninitialised 64-byte-aligned float scratch for one kernel call: slot `slot` of a grow-only
 * thread-local cache (released at thread exit), so repeated calls on the same shapes neither
 * allocate nor page-fault (fresh multi-MB buffers cost more than the SimpleRNN BPTT itself).
 * Each buffer of one call (and of one slice of it: slices run on other threads, or on the caller
 * after its own call-level buffers) needs its own slot.
 */
class Buf {
 public:
  Buf(int slot, int64_t n);
  Buf(const Buf&) = delete;
  Buf& operator=(const Buf&) = delete;
  float* get() const { return p_; }

 private:
  float* p_ = nullptr;
};

/**
 * Batch-slice tasks for a sequence of T steps, B rows and `macsPerRowStep` multiply-adds per row
 * and step: 1 when the whole call is too small to pay for waking a worker, else up to
 * 2·threadCount() slices of at least a GEMM tile of rows (claimed one by one, so a worker that
 * comes late or is preempted leaves fewer rows waiting for it than with one slice per thread).
 */
int sliceTasks(int64_t T, int64_t B, int64_t macsPerRowStep);

/** Runs f(b0, b1) for `tasks` batch slices [b0, b1) covering [0, B) (tile-aligned) on the pool's threads. */
template <class F>
void forSlices(int tasks, int64_t B, F& f) {
  struct Ctx {
    F* f;
    int64_t B, unit;
  } ctx{&f, B, gemmTileRows()};
  parallelForThreads(tasks, threadCount(), [](void* c, int t, int n) {
    const Ctx& x = *static_cast<const Ctx*>(c);
    const int64_t units = (x.B + x.unit - 1) / x.unit;
    const int64_t b0 = std::min<int64_t>(x.B, units * t / n * x.unit);
    const int64_t b1 = std::min<int64_t>(x.B, units * (t + 1) / n * x.unit);
    if (b0 < b1) (*x.f)(b0, b1);
  }, &ctx);
}

/** The state before step s for rows from b0: h0 for s = 0, else seq[s−1]; seq [T,B,H]. */
inline const float* prev(const float* seq, const float* h0, int64_t s, int64_t B, int64_t H, int64_t b0) {
  return (s == 0 ? h0 : seq + (s - 1) * B * H) + b0 * H;
}

/**
 * The input projection a forward kernel reads: dense xProj [T,B,G], or, with ids [T,B] (processing
 * order), row ids[s·B+b] of a table [V,G] (a one-hot input's W + b, or an inference-time E·W + b).
 */
struct XProj {
  const float* x;
  const int32_t* ids;
  int64_t B, G;
  /** Rows [b0, b0 + rows) of step s: a view of the dense xProj, or the picked table rows copied into scratch [rows,G]. */
  const float* rows(int64_t s, int64_t b0, int64_t rows, float* scratch) const {
    if (!ids) return x + (s * B + b0) * G;
    const int32_t* id = ids + s * B + b0;
    for (int64_t r = 0; r < rows; ++r) std::memcpy(scratch + r * G, x + static_cast<int64_t>(id[r]) * G, sizeof(float) * G);
    return scratch;
  }
};

/**
 * Where step s's per-row cache of a forward kernel goes ([rows,W] at row b0): the BPTT cache
 * [T,B,W] when training, else (cache null: inference) the same hot per-slice scratch every step.
 */
inline float* stepCache(float* cache, float* scratch, int64_t s, int64_t B, int64_t b0, int64_t W) {
  return cache ? cache + (s * B + b0) * W : scratch;
}

/**
 * A BPTT state gradient [n] (dh or dc: dL/d·_s from later steps) at the start, s = T − 1: the rows
 * from b0 of dLast, the gradient w.r.t. the last state (for h the same as adding it into
 * dHSeq[T−1]), or zeros.
 */
inline void startGrad(float* d, const float* dLast, int64_t b0, int64_t H, int64_t n) {
  if (dLast) std::memcpy(d, dLast + b0 * H, sizeof(float) * n);
  else std::memset(d, 0, sizeof(float) * n);
}

/** Rows at offset o of dHSeq [T,B,H], or `zeros` [rows,H] when dHSeq is null (no gradient w.r.t. the sequence). */
inline const float* seqGrad(const float* dHSeq, const float* zeros, int64_t o) { return dHSeq ? dHSeq + o : zeros; }

/** A zeroed per-slice [n] block for seqGrad (slot `slot`), empty when dHSeq is given. */
class ZeroRows {
 public:
  ZeroRows(int slot, const float* dHSeq, int64_t n) : buf_(slot, dHSeq ? 0 : n) {
    if (!dHSeq) std::memset(buf_.get(), 0, sizeof(float) * n);
  }
  const float* get() const { return buf_.get(); }

 private:
  Buf buf_;
};

/** True when row b of step s is masked out (timeMask [T,B], 0 = masked). */
inline bool masked(const float* timeMask, int64_t s, int64_t B, int64_t b) {
  return timeMask != nullptr && timeMask[s * B + b] == 0.0f;
}

// Vectorised row helpers (rnn_common.cc).
/** out[i] = a[i] · b[i]. */
void mulTo(float* out, const float* a, const float* b, int64_t n);
/** y[i] += x[i]. */
void addTo(float* y, const float* x, int64_t n);
/** y[i] *= x[i]. */
void mulBy(float* y, const float* x, int64_t n);

/**
 * hIn [T,B,H] rows [b0, b1) of every step: h_{s−1} ⊙ recMask (h_{−1} = h0), the left operand of
 * the weight-gradient GEMM dU += hInᵀ · dGates (only needed with a recMask; see recWeightGrad).
 */
void recInputs(float* hIn, const float* hSeq, const float* h0, const float* recMask, int64_t T, int64_t B, int64_t H,
               int64_t b0, int64_t b1);

/** out = tanh(a + b). */
RNNKIT_ROW void tanhOfSum(float* out, const float* a, const float* b, int64_t n) {
  v8rows(n, [&](int64_t j, auto m) RNNKIT_LAMBDA { v8store(out + j, v8tanh(v8load(a + j, m) + v8load(b + j, m)), m); });
}

/** out = a + b. */
RNNKIT_ROW void sumOf(float* out, const float* a, const float* b, int64_t n) {
  v8rows(n, [&](int64_t j, auto m) RNNKIT_LAMBDA { v8store(out + j, v8load(a + j, m) + v8load(b + j, m), m); });
}

/** out = a. */
RNNKIT_ROW void copyOf(float* out, const float* a, int64_t n) {
  v8rows(n, [&](int64_t j, auto m) RNNKIT_LAMBDA { v8store(out + j, v8load(a + j, m), m); });
}

/** out += a. */
RNNKIT_ROW void addOf(float* out, const float* a, int64_t n) {
  v8rows(n, [&](int64_t j, auto m) RNNKIT_LAMBDA { v8store(out + j, v8load(out + j, m) + v8load(a + j, m), m); });
}

/** out = 0. */
RNNKIT_ROW void zeroOf(float* out, int64_t n) { std::memset(out, 0, sizeof(float) * n); }

/**
 * The input-bias gradient of a backward kernel, dBias [kH] += Σ rows of dXProj, summed while each
 * step's rows are still in cache: every batch slice adds its rows into its own partial [kH] (the
 * slice that starts at row b0 owns partial b0 / tile), and finish() adds the partials into dBias in
 * batch order (the same order for a given thread count). Nothing is done when dBias is null.
 */
class BiasGrad {
 public:
  BiasGrad(float* dBias, int64_t B, int64_t kH)
      : dBias_(dBias), kH_(kH), unit_(gemmTileRows()), units_((B + unit_ - 1) / unit_),
        parts_(14, dBias ? units_ * kH : 0) {
    if (dBias) std::memset(parts_.get(), 0, sizeof(float) * units_ * kH);
  }
  /** Adds the rows [rows, kH] of the slice that starts at batch row b0. */
  void add(int64_t b0, const float* dz, int64_t rows) const {
    if (!dBias_) return;
    float* part = parts_.get() + (b0 / unit_) * kH_;
    for (int64_t r = 0; r < rows; ++r) addTo(part, dz + r * kH_, kH_);
  }
  void finish() const {
    if (!dBias_) return;
    for (int64_t u = 0; u < units_; ++u) addTo(dBias_, parts_.get() + u * kH_, kH_);
  }

 private:
  float* dBias_;
  int64_t kH_, unit_, units_;
  Buf parts_;
};

/**
 * dU [H,n] (+)= Σ_s hIn_sᵀ · dG_s over all steps (dG [T,B,n]): from hIn [T,B,H] when given (with a
 * recMask), else straight from h0 and hSeq[0 .. T−2] (hIn_s = h_{s−1}), two GEMMs and no copy.
 */
void recWeightGrad(float* dU, const float* hIn, const float* hSeq, const float* h0, const float* dG, int64_t T,
                   int64_t B, int64_t H, int64_t n, bool accumulate);

}  // namespace rnn
}  // namespace rnnkit
