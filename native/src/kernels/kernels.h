// Native float32 kernels of rnnkit. Same semantics as the TypeScript reference kernels in
// src/backends/ref/ (outputs first, then inputs, then sizes; *Grad kernels accumulate).
// Sizes are int64_t; the glue (addon.cc) has checked every array is long enough.
#pragma once
#include <cstdint>

namespace rnnkit {

// ---- cpu.cc: runtime CPU feature detection and threads ----
/** The SIMD path the dispatching kernels take on this CPU: "avx512", "avx2" or "baseline". */
const char* simdPath();
/** Threads the GEMM may use (RNNKIT_THREADS, else min(2, hardware threads)). */
int threadCount();
void setThreadCount(int n);

// ---- peak.cc ----
/**
 * The multiply-add peak measured now: GFLOP/s of independent vector a·b + c chains on the SIMD path
 * simdPath() names, run for `seconds` on `threads` threads at once (flops over the span from the
 * first thread's start to the last one's end).
 */
double fmaPeakGflops(int threads, double seconds);

// ---- gemm.cc ----
/**
 * c[m,n] (=|+=) op(a)[m,k] · op(b)[k,n] (+ bias[n] in every row, when bias is given: added in the
 * micro-kernel's store, no extra pass); a is [m,k] (or [k,m] if transA), b is [k,n] (or [n,k] if transB).
 */
void sgemm(float* c, const float* a, const float* b, int64_t m, int64_t n, int64_t k,
           bool transA, bool transB, bool accumulate, const float* bias = nullptr);
/** Same, forced to the given number of threads (benchmarks and tests). */
void sgemmThreads(float* c, const float* a, const float* b, int64_t m, int64_t n, int64_t k,
                  bool transA, bool transB, bool accumulate, int threads, const float* bias = nullptr);

/**
 * op(b) [k, n] packed once for many products with sgemmPacked (the recurrent kernel of a
 * sequence). Storage: slot `slot` (0..3) of a grow-only thread-local cache, so one thread must not
 * use the same slot for two live PackedMatrix objects.
 */
class PackedMatrix {
 public:
  explicit PackedMatrix(int slot) : slot_(slot) {}
  PackedMatrix(const PackedMatrix&) = delete;
  PackedMatrix& operator=(const PackedMatrix&) = delete;
  /** Packs op(b) [k, n]: b is [k, n], or [n, k] if transB. */
  void pack(const float* b, int64_t n, int64_t k, bool transB);
  int64_t n() const { return n_; }
  int64_t k() const { return k_; }
  const float* data() const { return data_; }

 private:
  int slot_;
  float* data_ = nullptr;
  int64_t n_ = 0, k_ = 0;
};
/** c[m, n] (=|+=) a[m, k] · B on the calling thread; c has row stride ldc, a is contiguous [m, k]. */
void sgemmPacked(float* c, int64_t ldc, const float* a, int64_t m, const PackedMatrix& b, bool accumulate);
/** Rows of the GEMM micro-tile on this CPU (work split in multiples of it wastes no padding). */
int64_t gemmTileRows();

// ---- elementwise.cc ----
enum class Unary : int { Tanh = 0, Sigmoid = 1, Relu = 2 };
enum class Binary : int { Add = 0, Sub = 1, Mul = 2, Div = 3, Maximum = 4, Minimum = 5 };
void unary(float* out, const float* x, int64_t n, Unary fn);
void unaryGrad(float* dX, const float* x, const float* y, const float* dY, int64_t n, Unary fn);
/** Broadcasting binary op; strides in elements (0 on broadcast dims), rank >= 1. */
void binary(float* out, const float* a, const float* b, const int64_t* shape, const int64_t* aStrides,
            const int64_t* bStrides, int rank, Binary fn);
/** dA/dB may be null. */
void binaryGrad(float* dA, float* dB, const float* a, const float* b, const float* dOut, const int64_t* shape,
                const int64_t* aStrides, const int64_t* bStrides, int rank, Binary fn);
void affine(float* out, const float* x, int64_t n, float alpha, float beta);
void axpy(float* y, const float* x, int64_t n, float alpha);

// ---- reduce.cc ----
void sumMid(float* out, const float* x, int64_t outer, int64_t mid, int64_t inner);
void sumMidGrad(float* dX, const float* dOut, int64_t outer, int64_t mid, int64_t inner);
void softmax(float* out, const float* x, int64_t rows, int64_t cols);
void softmaxGrad(float* dX, const float* y, const float* dY, int64_t rows, int64_t cols);
void logSoftmax(float* out, const float* x, int64_t rows, int64_t cols);
void logSoftmaxGrad(float* dX, const float* y, const float* dY, int64_t rows, int64_t cols);

// ---- indexing.cc ----
void gather(float* out, const float* table, const int32_t* ids, int64_t nIds, int64_t dim);
void scatterAdd(float* dTable, const int32_t* ids, const float* dOut, int64_t nIds, int64_t dim);
/** table[ids[i]·dim .. +dim) = 0 for i < nIds (clears the rows a sparse gradient touched). */
void zeroRows(float* table, const int32_t* ids, int64_t nIds, int64_t dim);
void copyMid(float* dst, const float* src, int64_t outer, int64_t inner, int64_t dstMid, int64_t dstStart,
             int64_t srcMid, int64_t srcStart, int64_t len, bool accumulate);

// ---- layout.cc ----
/** out = x with axes permuted (out.shape[i] = shape[perm[i]]); rank ≤ 8, perm a permutation. */
void transpose(float* out, const float* x, const int64_t* shape, const int64_t* perm, int rank);
/** dX += dOut permuted back. */
void transposeGrad(float* dX, const float* dOut, const int64_t* shape, const int64_t* perm, int rank);

// ---- conv.cc: 1-D convolution, channels last (the Conv1dDims of src/backend/kernels/conv.ts) ----
struct Conv1dGeom {
  int64_t batch, inLen, inCh, outLen, outCh, kernelSize, stride, dilation, padLeft;
};
/** out [batch, outLen, outCh] = bias + conv(x [batch, inLen, inCh], w [K, inCh, outCh]); bias may be null. */
void conv1d(float* out, const float* x, const float* w, const float* bias, const Conv1dGeom& d);
/** dX, dW, dBias += gradients of conv1d (any may be null). */
void conv1dGrad(float* dX, float* dW, float* dBias, const float* dOut, const float* x, const float* w,
                const Conv1dGeom& d);

// ---- loss.cc: softmax cross-entropy from logits (src/backend/kernels/loss.ts), x [rows, c] ----
/** probs [rows, c] = softmax(x); returns Σ_r (lse_r − x[r, ids[r]]); ids [rows] in [0, c). */
double softmaxXentSparse(float* probs, const float* x, const int32_t* ids, int64_t rows, int64_t c);
/** dX[r, j] += g · (probs[r, j] − [j = ids[r]]). */
void softmaxXentSparseGrad(float* dX, const float* probs, const int32_t* ids, double g, int64_t rows, int64_t c);
/** logSm [rows, c] = x − lse (row-wise); returns −Σ (t·keep + add) · logSm over all elements; t [rows, c]. */
double softmaxXent(float* logSm, const float* x, const float* t, double keep, double add, int64_t rows, int64_t c);
/** dX += g · (e^{logSm} · Σ_row z − z), dT += −g · logSm · keep with z = t·keep + add; dX, dT may be null. */
void softmaxXentGrad(float* dX, float* dT, const float* logSm, const float* t, double g, double keep, double add,
                     int64_t rows, int64_t c);

// ---- optim.cc ----
void sgdUpdate(float* w, float* v, const float* g, int64_t n, double lr, double momentum, bool nesterov);
void rmspropUpdate(float* w, float* v, const float* g, int64_t n, double lr, double rho, double eps);
void adamUpdate(float* w, float* m, float* v, const float* g, int64_t n, double alpha, double beta1, double beta2,
                double eps);
void adagradUpdate(float* w, float* a, const float* g, int64_t n, double lr, double eps);
double sumSquares(const float* g, int64_t n);

// ---- rnn_simple.cc, rnn_lstm.cc, rnn_gru.cc: fused whole-sequence recurrent kernels ----
/** Recurrent multiply-adds per call from which a sequence is split over threads by batch slices. */
int64_t rnnParallelMacs();
/** Overrides that threshold (tests use 0 to split every call with at least two GEMM tiles of rows). */
void setRnnParallelMacs(int64_t macs);
// Time-major [T,B,·] arrays in processing order, exactly as src/backend/kernels/rnn.ts documents
// them; recMask [B,H], timeMask [T,B], dBias, dH0, dC0, dHSeq, dHLast, dCLast, bRec, dBRec may be null
// (dBias [kH] += Σ rows of dXProj: the input bias's gradient). Forward kernels
// write their outputs; backward kernels accumulate (+=) into theirs. Forward: xIds [T,B] null (xProj
// is [T,B,G]) or the rows of the table xProj [V,G] to read (ids checked by the caller); the BPTT
// cache (gates, cache) null for inference.
void simpleRnnSeqForward(float* hSeq, const float* xProj, const int32_t* xIds, const float* U, const float* h0,
                         const float* recMask, const float* timeMask, int64_t T, int64_t B, int64_t H);
void simpleRnnSeqBackward(float* dXProj, float* dU, float* dBias, float* dH0, const float* dHSeq, const float* dHLast,
                          const float* hSeq, const float* U, const float* h0, const float* recMask,
                          const float* timeMask, int64_t T, int64_t B, int64_t H);
void lstmSeqForward(float* hSeq, float* cSeq, float* gates, const float* xProj, const int32_t* xIds, const float* U,
                    const float* h0, const float* c0, const float* recMask, const float* timeMask, int64_t T,
                    int64_t B, int64_t H);
void lstmSeqBackward(float* dXProj, float* dU, float* dBias, float* dH0, float* dC0, const float* dHSeq, const float* dHLast,
                     const float* dCLast,
                     const float* hSeq, const float* cSeq, const float* gates, const float* U, const float* h0,
                     const float* c0, const float* recMask, const float* timeMask, int64_t T, int64_t B, int64_t H);
void gruSeqForward(float* hSeq, float* cache, const float* xProj, const int32_t* xIds, const float* U, const float* bRec,
                   const float* h0, const float* recMask, const float* timeMask, int64_t T, int64_t B, int64_t H,
                   bool resetAfter);
/** (The recurrent bias is not needed: the forward cache holds rec_h with it.) */
void gruSeqBackward(float* dXProj, float* dU, float* dBias, float* dBRec, float* dH0, const float* dHSeq, const float* dHLast,
                    const float* hSeq, const float* cache, const float* U, const float* h0, const float* recMask,
                    const float* timeMask, int64_t T, int64_t B, int64_t H, bool resetAfter);

}  // namespace rnnkit
