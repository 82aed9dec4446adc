// N-API glue of the rnnkit native backend: unpacks typed arrays and sizes, checks that every
// array is long enough for the sizes given (so no kernel can read or write out of bounds), and
// calls the kernels in kernels/ (the recurrent kernels' glue is in addon_rnn.cc). No math here.
#include <cstdint>
#include <string>
#include <vector>

#include "glue.h"

namespace {

using namespace rnnkit_glue;

// ---- GEMM ----

void gemmArgs(const CallbackInfo& info, int threads) {
  const int64_t m = size(info, 3, "m"), n = size(info, 4, "n"), k = size(info, 5, "k");
  float* out = f32(info, 0, m * n, "out");
  const float* a = f32(info, 1, m * k, "a");
  const float* b = f32(info, 2, k * n, "b");
  const bool tA = flag(info, 6), tB = flag(info, 7), acc = flag(info, 8);
  if (threads > 0) rnnkit::sgemmThreads(out, a, b, m, n, k, tA, tB, acc, threads);
  else rnnkit::sgemm(out, a, b, m, n, k, tA, tB, acc);
}

Value Matmul(const CallbackInfo& info) { gemmArgs(info, 0); return info.Env().Undefined(); }

// matmulBias(out, a, b, bias, m, n, k): out[m,n] = a[m,k] · b[k,n] + bias[n] in every row.
Value MatmulBias(const CallbackInfo& info) {
  const int64_t m = size(info, 4, "m"), n = size(info, 5, "n"), k = size(info, 6, "k");
  float* out = f32(info, 0, m * n, "out");
  const float* a = f32(info, 1, m * k, "a");
  const float* b = f32(info, 2, k * n, "b");
  const float* bias = f32(info, 3, n, "bias");
  rnnkit::sgemm(out, a, b, m, n, k, false, false, false, bias);
  return info.Env().Undefined();
}

Value MatmulThreads(const CallbackInfo& info) {
  gemmArgs(info, static_cast<int>(size(info, 9, "threads")));
  return info.Env().Undefined();
}

// ---- elementwise ----

Value UnaryK(const CallbackInfo& info) {
  const int64_t n = size(info, 2, "n");
  rnnkit::unary(f32(info, 0, n, "out"), f32(info, 1, n, "x"), n, unaryFn(info, 3));
  return info.Env().Undefined();
}

Value UnaryGradK(const CallbackInfo& info) {
  const int64_t n = size(info, 4, "n");
  rnnkit::unaryGrad(f32(info, 0, n, "dX"), f32(info, 1, n, "x"), f32(info, 2, n, "y"), f32(info, 3, n, "dY"), n,
                    unaryFn(info, 5));
  return info.Env().Undefined();
}

struct Broadcast {
  std::vector<int64_t> shape, sa, sb;
  int64_t total = 1;
};

Broadcast broadcast(const CallbackInfo& info, size_t i) {
  Broadcast b{sizes(info, i, "outShape"), sizes(info, i + 1, "aStrides"), sizes(info, i + 2, "bStrides")};
  if (b.sa.size() != b.shape.size() || b.sb.size() != b.shape.size() || b.shape.size() > 16)
    fail(info, "strides must have the rank of outShape (at most 16)");
  for (size_t d = 0; d < b.shape.size(); ++d) {
    if (b.shape[d] < 0 || b.sa[d] < 0 || b.sb[d] < 0) fail(info, "negative size or stride");
    b.total *= b.shape[d];
  }
  return b;
}

Value BinaryK(const CallbackInfo& info) {
  const Broadcast s = broadcast(info, 3);
  float* out = f32(info, 0, s.total, "out");
  const float* a = f32(info, 1, span(s.shape, s.sa), "a");
  const float* b = f32(info, 2, span(s.shape, s.sb), "b");
  rnnkit::binary(out, a, b, s.shape.data(), s.sa.data(), s.sb.data(), static_cast<int>(s.shape.size()),
                 binaryFn(info, 6));
  return info.Env().Undefined();
}

Value BinaryGradK(const CallbackInfo& info) {
  const Broadcast s = broadcast(info, 5);
  const int64_t na = span(s.shape, s.sa), nb = span(s.shape, s.sb);
  float* dA = f32(info, 0, na, "dA", true);
  float* dB = f32(info, 1, nb, "dB", true);
  const float* a = f32(info, 2, na, "a");
  const float* b = f32(info, 3, nb, "b");
  const float* dOut = f32(info, 4, s.total, "dOut");
  rnnkit::binaryGrad(dA, dB, a, b, dOut, s.shape.data(), s.sa.data(), s.sb.data(), static_cast<int>(s.shape.size()),
                     binaryFn(info, 8));
  return info.Env().Undefined();
}

Value Affine(const CallbackInfo& info) {
  const int64_t n = size(info, 2, "n");
  rnnkit::affine(f32(info, 0, n, "out"), f32(info, 1, n, "x"), n, num(info, 3, "alpha"), num(info, 4, "beta"));
  return info.Env().Undefined();
}

Value Axpy(const CallbackInfo& info) {
  const int64_t n = size(info, 2, "n");
  rnnkit::axpy(f32(info, 0, n, "y"), f32(info, 1, n, "x"), n, num(info, 3, "alpha"));
  return info.Env().Undefined();
}

// ---- reductions ----

template <void (*K)(float*, const float*, int64_t, int64_t, int64_t), bool Grad>
Value MidK(const CallbackInfo& info) {
  const int64_t outer = size(info, 2, "outer"), mid = size(info, 3, "mid"), inner = size(info, 4, "inner");
  const int64_t big = outer * mid * inner, small = outer * inner;
  K(f32(info, 0, Grad ? big : small, Grad ? "dX" : "out"), f32(info, 1, Grad ? small : big, Grad ? "dOut" : "x"),
    outer, mid, inner);
  return info.Env().Undefined();
}

template <void (*K)(float*, const float*, int64_t, int64_t)>
Value RowsK(const CallbackInfo& info) {
  const int64_t rows = size(info, 2, "rows"), cols = size(info, 3, "cols");
  K(f32(info, 0, rows * cols, "out"), f32(info, 1, rows * cols, "x"), rows, cols);
  return info.Env().Undefined();
}

template <void (*K)(float*, const float*, const float*, int64_t, int64_t)>
Value RowsGradK(const CallbackInfo& info) {
  const int64_t rows = size(info, 3, "rows"), cols = size(info, 4, "cols");
  K(f32(info, 0, rows * cols, "dX"), f32(info, 1, rows * cols, "y"), f32(info, 2, rows * cols, "dY"), rows, cols);
  return info.Env().Undefined();
}

// ---- indexing ----

Value Gather(const CallbackInfo& info) {
  const int64_t nIds = size(info, 3, "nIds"), dim = size(info, 4, "dim");
  float* out = f32(info, 0, nIds * dim, "out");
  const float* table = f32(info, 1, 0, "table");
  const int32_t* ids = i32(info, 2, nIds, "ids");
  if (dim > 0) checkIds(info, ids, nIds, info[1].As<Napi::Float32Array>().ElementLength() / dim);
  rnnkit::gather(out, table, ids, nIds, dim);
  return info.Env().Undefined();
}

Value ScatterAdd(const CallbackInfo& info) {
  const int64_t nIds = size(info, 3, "nIds"), dim = size(info, 4, "dim");
  float* dTable = f32(info, 0, 0, "dTable");
  const int32_t* ids = i32(info, 1, nIds, "ids");
  const float* dOut = f32(info, 2, nIds * dim, "dOut");
  if (dim > 0) checkIds(info, ids, nIds, info[0].As<Napi::Float32Array>().ElementLength() / dim);
  rnnkit::scatterAdd(dTable, ids, dOut, nIds, dim);
  return info.Env().Undefined();
}

// zeroRows(table, ids, nIds, dim): glue only; ids are checked against the table's rows.
Value ZeroRows(const CallbackInfo& info) {
  const int64_t nIds = size(info, 2, "nIds"), dim = size(info, 3, "dim");
  float* table = f32(info, 0, 0, "table");
  const int32_t* ids = i32(info, 1, nIds, "ids");
  if (dim > 0) checkIds(info, ids, nIds, info[0].As<Napi::Float32Array>().ElementLength() / dim);
  rnnkit::zeroRows(table, ids, nIds, dim);
  return info.Env().Undefined();
}

Value CopyMid(const CallbackInfo& info) {
  const int64_t outer = size(info, 2, "outer"), inner = size(info, 3, "inner");
  const int64_t dstMid = size(info, 4, "dstMid"), dstStart = size(info, 5, "dstStart");
  const int64_t srcMid = size(info, 6, "srcMid"), srcStart = size(info, 7, "srcStart"), len = size(info, 8, "len");
  if (dstStart + len > dstMid || srcStart + len > srcMid) fail(info, "copyMid window outside the middle axis");
  float* dst = f32(info, 0, outer * dstMid * inner, "dst");
  const float* src = f32(info, 1, outer * srcMid * inner, "src");
  rnnkit::copyMid(dst, src, outer, inner, dstMid, dstStart, srcMid, srcStart, len, flag(info, 9));
  return info.Env().Undefined();
}

// ---- layout ----

/** transpose(out, x, shape, perm) and transposeGrad(dX, dOut, shape, perm): checks perm and lengths. */
template <bool Grad>
Value TransposeK(const CallbackInfo& info) {
  const std::vector<int64_t> shape = sizes(info, 2, "shape");
  const std::vector<int64_t> perm = sizes(info, 3, "perm");
  const size_t rank = shape.size();
  if (rank > 8) fail(info, "transpose supports rank ≤ 8, got " + std::to_string(rank));
  if (perm.size() != rank) fail(info, "perm must have one entry per axis of shape");
  std::vector<bool> seen(rank, false);
  int64_t total = 1;
  for (size_t d = 0; d < rank; ++d) {
    if (shape[d] < 0) fail(info, "shape entries must be non-negative");
    if (perm[d] < 0 || perm[d] >= static_cast<int64_t>(rank) || seen[perm[d]]) fail(info, "perm is not a permutation");
    seen[perm[d]] = true;
    total *= shape[d];
  }
  float* dst = f32(info, 0, total, Grad ? "dX" : "out");
  const float* src = f32(info, 1, total, Grad ? "dOut" : "x");
  if (Grad) rnnkit::transposeGrad(dst, src, shape.data(), perm.data(), static_cast<int>(rank));
  else rnnkit::transpose(dst, src, shape.data(), perm.data(), static_cast<int>(rank));
  return info.Env().Undefined();
}

// ---- conv ----

/** The Conv1dDims object at argument i (every field a non-negative integer; stride, dilation ≥ 1). */
rnnkit::Conv1dGeom convDims(const CallbackInfo& info, size_t i) {
  if (!info[i].IsObject()) fail(info, "conv dims must be an object");
  auto o = info[i].As<Napi::Object>();
  const auto field = [&](const char* name) -> int64_t {
    Napi::Value v = o.Get(name);
    if (!v.IsNumber()) fail(info, std::string("conv dims.") + name + " must be a number");
    const double x = v.As<Napi::Number>().DoubleValue();
    if (!(x >= 0) || x != static_cast<double>(static_cast<int64_t>(x)))
      fail(info, std::string("conv dims.") + name + " must be a non-negative integer");
    return static_cast<int64_t>(x);
  };
  rnnkit::Conv1dGeom d{field("batch"), field("inLen"), field("inCh"), field("outLen"), field("outCh"),
                       field("kernelSize"), field("stride"), field("dilation"), field("padLeft")};
  if (d.stride < 1 || d.dilation < 1) fail(info, "conv stride and dilation must be ≥ 1");
  return d;
}

Value Conv1dK(const CallbackInfo& info) {
  const rnnkit::Conv1dGeom d = convDims(info, 4);
  float* out = f32(info, 0, d.batch * d.outLen * d.outCh, "out");
  const float* x = f32(info, 1, d.batch * d.inLen * d.inCh, "x");
  const float* w = f32(info, 2, d.kernelSize * d.inCh * d.outCh, "w");
  const float* bias = f32(info, 3, d.outCh, "bias", true);
  rnnkit::conv1d(out, x, w, bias, d);
  return info.Env().Undefined();
}

Value Conv1dGradK(const CallbackInfo& info) {
  const rnnkit::Conv1dGeom d = convDims(info, 6);
  float* dX = f32(info, 0, d.batch * d.inLen * d.inCh, "dX", true);
  float* dW = f32(info, 1, d.kernelSize * d.inCh * d.outCh, "dW", true);
  float* dBias = f32(info, 2, d.outCh, "dBias", true);
  const float* dOut = f32(info, 3, d.batch * d.outLen * d.outCh, "dOut");
  const float* x = f32(info, 4, d.batch * d.inLen * d.inCh, "x");
  const float* w = f32(info, 5, d.kernelSize * d.inCh * d.outCh, "w");
  rnnkit::conv1dGrad(dX, dW, dBias, dOut, x, w, d);
  return info.Env().Undefined();
}

// ---- losses: softmax cross-entropy from logits ----

// softmaxXentSparse(probs, x, ids, rows, c) -> Σ row losses; ids are checked against [0, c).
Value SoftmaxXentSparseK(const CallbackInfo& info) {
  const int64_t rows = size(info, 3, "rows"), c = size(info, 4, "c");
  float* probs = f32(info, 0, rows * c, "probs");
  const float* x = f32(info, 1, rows * c, "x");
  const int32_t* ids = i32(info, 2, rows, "ids");
  checkIds(info, ids, rows, c);
  return Napi::Number::New(info.Env(), rnnkit::softmaxXentSparse(probs, x, ids, rows, c));
}

// softmaxXentSparseGrad(dX, probs, ids, g, rows, c)
Value SoftmaxXentSparseGradK(const CallbackInfo& info) {
  const int64_t rows = size(info, 4, "rows"), c = size(info, 5, "c");
  float* dX = f32(info, 0, rows * c, "dX");
  const float* probs = f32(info, 1, rows * c, "probs");
  const int32_t* ids = i32(info, 2, rows, "ids");
  checkIds(info, ids, rows, c);
  rnnkit::softmaxXentSparseGrad(dX, probs, ids, real(info, 3, "g"), rows, c);
  return info.Env().Undefined();
}

// softmaxXent(logSm, x, t, keep, add, rows, c) -> −Σ z · logSm
Value SoftmaxXentK(const CallbackInfo& info) {
  const int64_t rows = size(info, 5, "rows"), c = size(info, 6, "c");
  float* logSm = f32(info, 0, rows * c, "logSm");
  const float* x = f32(info, 1, rows * c, "x");
  const float* t = f32(info, 2, rows * c, "t");
  return Napi::Number::New(info.Env(), rnnkit::softmaxXent(logSm, x, t, real(info, 3, "keep"), real(info, 4, "add"),
                                                           rows, c));
}

// softmaxXentGrad(dX, dT, logSm, t, g, keep, add, rows, c); dX and dT may be null.
Value SoftmaxXentGradK(const CallbackInfo& info) {
  const int64_t rows = size(info, 7, "rows"), c = size(info, 8, "c");
  float* dX = f32(info, 0, rows * c, "dX", true);
  float* dT = f32(info, 1, rows * c, "dT", true);
  const float* logSm = f32(info, 2, rows * c, "logSm");
  const float* t = f32(info, 3, rows * c, "t");
  rnnkit::softmaxXentGrad(dX, dT, logSm, t, real(info, 4, "g"), real(info, 5, "keep"), real(info, 6, "add"), rows, c);
  return info.Env().Undefined();
}

// ---- optimizers ----

Value Sgd(const CallbackInfo& info) {
  const int64_t n = size(info, 3, "n");
  rnnkit::sgdUpdate(f32(info, 0, n, "w"), f32(info, 1, n, "v"), f32(info, 2, n, "g"), n, real(info, 4, "lr"),
                    real(info, 5, "momentum"), flag(info, 6));
  return info.Env().Undefined();
}

Value Rmsprop(const CallbackInfo& info) {
  const int64_t n = size(info, 3, "n");
  rnnkit::rmspropUpdate(f32(info, 0, n, "w"), f32(info, 1, n, "v"), f32(info, 2, n, "g"), n, real(info, 4, "lr"),
                        real(info, 5, "rho"), real(info, 6, "eps"));
  return info.Env().Undefined();
}

Value Adam(const CallbackInfo& info) {
  const int64_t n = size(info, 4, "n");
  rnnkit::adamUpdate(f32(info, 0, n, "w"), f32(info, 1, n, "m"), f32(info, 2, n, "v"), f32(info, 3, n, "g"), n,
                     real(info, 5, "alpha"), real(info, 6, "beta1"), real(info, 7, "beta2"), real(info, 8, "eps"));
  return info.Env().Undefined();
}

Value Adagrad(const CallbackInfo& info) {
  const int64_t n = size(info, 3, "n");
  rnnkit::adagradUpdate(f32(info, 0, n, "w"), f32(info, 1, n, "a"), f32(info, 2, n, "g"), n, real(info, 4, "lr"),
                        real(info, 5, "eps"));
  return info.Env().Undefined();
}

Value SumSquares(const CallbackInfo& info) {
  const int64_t n = size(info, 1, "n");
  return Napi::Number::New(info.Env(), rnnkit::sumSquares(f32(info, 0, n, "g"), n));
}

// ---- info ----

Value Info(const CallbackInfo& info) {
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("simd", rnnkit::simdPath());
  o.Set("threads", rnnkit::threadCount());
  return o;
}

Value RnnParallelMacs(const CallbackInfo& info) {
  if (info.Length() > 0 && !info[0].IsUndefined()) rnnkit::setRnnParallelMacs(size(info, 0, "macs"));
  return Napi::Number::New(info.Env(), static_cast<double>(rnnkit::rnnParallelMacs()));
}

Value FmaPeak(const CallbackInfo& info) {
  const int64_t threads = size(info, 0, "threads");
  const double seconds = real(info, 1, "seconds");
  if (threads < 1 || threads > 64) fail(info, "fmaPeak: threads must be 1..64, got " + std::to_string(threads));
  if (!(seconds > 0 && seconds <= 10)) fail(info, "fmaPeak: seconds must be in (0, 10], got " + std::to_string(seconds));
  return Napi::Number::New(info.Env(), rnnkit::fmaPeakGflops(static_cast<int>(threads), seconds));
}

Value SetThreads(const CallbackInfo& info) {
  rnnkit::setThreadCount(static_cast<int>(size(info, 0, "threads")));
  return info.Env().Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  const auto fn = [&](const char* name, Value (*f)(const CallbackInfo&)) { exportFn(env, exports, name, f); };
  fn("matmul", Matmul);
  fn("matmulBias", MatmulBias);
  fn("matmulThreads", MatmulThreads);
  fn("unary", UnaryK);
  fn("unaryGrad", UnaryGradK);
  fn("binary", BinaryK);
  fn("binaryGrad", BinaryGradK);
  fn("affine", Affine);
  fn("axpy", Axpy);
  fn("sumMid", MidK<rnnkit::sumMid, false>);
  fn("sumMidGrad", MidK<rnnkit::sumMidGrad, true>);
  fn("softmax", RowsK<rnnkit::softmax>);
  fn("logSoftmax", RowsK<rnnkit::logSoftmax>);
  fn("softmaxGrad", RowsGradK<rnnkit::softmaxGrad>);
  fn("logSoftmaxGrad", RowsGradK<rnnkit::logSoftmaxGrad>);
  fn("gather", Gather);
  fn("scatterAdd", ScatterAdd);
  fn("zeroRows", ZeroRows);
  fn("copyMid", CopyMid);
  fn("transpose", TransposeK<false>);
  fn("transposeGrad", TransposeK<true>);
  fn("conv1d", Conv1dK);
  fn("conv1dGrad", Conv1dGradK);
  fn("softmaxXentSparse", SoftmaxXentSparseK);
  fn("softmaxXentSparseGrad", SoftmaxXentSparseGradK);
  fn("softmaxXent", SoftmaxXentK);
  fn("softmaxXentGrad", SoftmaxXentGradK);
  fn("sgdUpdate", Sgd);
  fn("rmspropUpdate", Rmsprop);
  fn("adamUpdate", Adam);
  fn("adagradUpdate", Adagrad);
  fn("sumSquares", SumSquares);
  registerRnn(env, exports);
  fn("rnnParallelMacs", RnnParallelMacs);
  fn("info", Info);
  fn("fmaPeak", FmaPeak);
  fn("setThreads", SetThreads);
  return exports;
}

}  // namespace

NODE_API_MODULE(rnnkit, Init)
