// N-API glue of the rnnkit native backend: unpacks typed arrays and sizes, checks that every
// array is long enough for the sizes given (so no kernel can read or write out of bounds), and
// calls the kernels in kernels/. No math here.
#include <napi.h>

#include <cstdint>
#include <string>
#include <vector>

#include "kernels/kernels.h"

namespace {

using Napi::CallbackInfo;
using Napi::Value;

[[noreturn]] void fail(const CallbackInfo& info, const std::string& msg) {
  throw Napi::TypeError::New(info.Env(), "rnnkit native: " + msg);
}

int64_t size(const CallbackInfo& info, size_t i, const char* name) {
  if (!info[i].IsNumber()) fail(info, std::string(name) + " must be a number");
  const double v = info[i].As<Napi::Number>().DoubleValue();
  if (!(v >= 0) || v != static_cast<double>(static_cast<int64_t>(v)))
    fail(info, std::string(name) + " must be a non-negative integer, got " + std::to_string(v));
  return static_cast<int64_t>(v);
}

float num(const CallbackInfo& info, size_t i, const char* name) {
  if (!info[i].IsNumber()) fail(info, std::string(name) + " must be a number");
  return info[i].As<Napi::Number>().FloatValue();
}

double real(const CallbackInfo& info, size_t i, const char* name) {
  if (!info[i].IsNumber()) fail(info, std::string(name) + " must be a number");
  return info[i].As<Napi::Number>().DoubleValue();
}

bool flag(const CallbackInfo& info, size_t i) { return info[i].ToBoolean().Value(); }

template <typename T, napi_typedarray_type Type>
T* array(const CallbackInfo& info, size_t i, int64_t need, const char* name, bool nullable = false) {
  if (nullable && (info[i].IsNull() || info[i].IsUndefined())) return nullptr;
  if (!info[i].IsTypedArray() || info[i].As<Napi::TypedArray>().TypedArrayType() != Type)
    fail(info, std::string(name) + (Type == napi_float32_array ? " must be a Float32Array" : " must be an Int32Array"));
  auto a = info[i].As<Napi::TypedArrayOf<T>>();
  if (static_cast<int64_t>(a.ElementLength()) < need)
    fail(info, std::string(name) + " has " + std::to_string(a.ElementLength()) + " elements, needs " +
                   std::to_string(need));
  return a.Data();
}

float* f32(const CallbackInfo& info, size_t i, int64_t need, const char* name, bool nullable = false) {
  return array<float, napi_float32_array>(info, i, need, name, nullable);
}

int32_t* i32(const CallbackInfo& info, size_t i, int64_t need, const char* name) {
  return array<int32_t, napi_int32_array>(info, i, need, name);
}

std::vector<int64_t> sizes(const CallbackInfo& info, size_t i, const char* name) {
  if (!info[i].IsArray()) fail(info, std::string(name) + " must be an array of numbers");
  auto arr = info[i].As<Napi::Array>();
  std::vector<int64_t> out(arr.Length());
  for (uint32_t d = 0; d < arr.Length(); ++d) {
    Napi::Value v = arr.Get(d);
    if (!v.IsNumber()) fail(info, std::string(name) + " must be an array of numbers");
    out[d] = static_cast<int64_t>(v.As<Napi::Number>().DoubleValue());
  }
  return out;
}

/** Elements a strided view over shape spans (largest flat index + 1); 0 for an empty shape. */
int64_t span(const std::vector<int64_t>& shape, const std::vector<int64_t>& strides) {
  int64_t last = 0;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == 0) return 0;
    last += (shape[d] - 1) * strides[d];
  }
  return last + 1;
}

rnnkit::Unary unaryFn(const CallbackInfo& info, size_t i) {
  const int64_t f = size(info, i, "fn");
  if (f > 2) fail(info, "unknown unary function code " + std::to_string(f));
  return static_cast<rnnkit::Unary>(f);
}

rnnkit::Binary binaryFn(const CallbackInfo& info, size_t i) {
  const int64_t f = size(info, i, "fn");
  if (f > 5) fail(info, "unknown binary function code " + std::to_string(f));
  return static_cast<rnnkit::Binary>(f);
}

void checkIds(const CallbackInfo& info, const int32_t* ids, int64_t nIds, int64_t rows) {
  for (int64_t i = 0; i < nIds; ++i)
    if (ids[i] < 0 || ids[i] >= rows)
      fail(info, "id " + std::to_string(ids[i]) + " at position " + std::to_string(i) + " is outside [0, " +
                     std::to_string(rows) + ")");
}

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

// ---- fused recurrent kernels (argument order of src/backend/kernels/rnn.ts) ----

struct SeqSizes {
  int64_t T, B, H;
};

SeqSizes seqSizes(const CallbackInfo& info, size_t i) {
  return {size(info, i, "T"), size(info, i + 1, "B"), size(info, i + 2, "H")};
}

Value SimpleRnnFwd(const CallbackInfo& info) {
  const auto [T, B, H] = seqSizes(info, 6);
  rnnkit::simpleRnnSeqForward(f32(info, 0, T * B * H, "hSeq"), f32(info, 1, T * B * H, "xProj"),
                              f32(info, 2, H * H, "U"), f32(info, 3, B * H, "h0"), f32(info, 4, B * H, "recMask", true),
                              f32(info, 5, T * B, "timeMask", true), T, B, H);
  return info.Env().Undefined();
}

Value SimpleRnnBwd(const CallbackInfo& info) {
  const auto [T, B, H] = seqSizes(info, 9);
  rnnkit::simpleRnnSeqBackward(f32(info, 0, T * B * H, "dXProj"), f32(info, 1, H * H, "dU"),
                               f32(info, 2, B * H, "dH0", true), f32(info, 3, T * B * H, "dHSeq"),
                               f32(info, 4, T * B * H, "hSeq"), f32(info, 5, H * H, "U"), f32(info, 6, B * H, "h0"),
                               f32(info, 7, B * H, "recMask", true), f32(info, 8, T * B, "timeMask", true), T, B, H);
  return info.Env().Undefined();
}

Value LstmFwd(const CallbackInfo& info) {
  const auto [T, B, H] = seqSizes(info, 9);
  const int64_t n = T * B * H;
  rnnkit::lstmSeqForward(f32(info, 0, n, "hSeq"), f32(info, 1, n, "cSeq"), f32(info, 2, 4 * n, "gates"),
                         f32(info, 3, 4 * n, "xProj"), f32(info, 4, 4 * H * H, "U"), f32(info, 5, B * H, "h0"),
                         f32(info, 6, B * H, "c0"), f32(info, 7, B * H, "recMask", true),
                         f32(info, 8, T * B, "timeMask", true), T, B, H);
  return info.Env().Undefined();
}

Value LstmBwd(const CallbackInfo& info) {
  const auto [T, B, H] = seqSizes(info, 14);
  const int64_t n = T * B * H;
  rnnkit::lstmSeqBackward(f32(info, 0, 4 * n, "dXProj"), f32(info, 1, 4 * H * H, "dU"), f32(info, 2, B * H, "dH0", true),
                          f32(info, 3, B * H, "dC0", true), f32(info, 4, n, "dHSeq"), f32(info, 5, B * H, "dCLast", true),
                          f32(info, 6, n, "hSeq"), f32(info, 7, n, "cSeq"), f32(info, 8, 4 * n, "gates"),
                          f32(info, 9, 4 * H * H, "U"), f32(info, 10, B * H, "h0"), f32(info, 11, B * H, "c0"),
                          f32(info, 12, B * H, "recMask", true), f32(info, 13, T * B, "timeMask", true), T, B, H);
  return info.Env().Undefined();
}

Value GruFwd(const CallbackInfo& info) {
  const auto [T, B, H] = seqSizes(info, 8);
  const int64_t n = T * B * H;
  rnnkit::gruSeqForward(f32(info, 0, n, "hSeq"), f32(info, 1, 4 * n, "cache"), f32(info, 2, 3 * n, "xProj"),
                        f32(info, 3, 3 * H * H, "U"), f32(info, 4, 3 * H, "bRec", true), f32(info, 5, B * H, "h0"),
                        f32(info, 6, B * H, "recMask", true), f32(info, 7, T * B, "timeMask", true), T, B, H,
                        flag(info, 11));
  return info.Env().Undefined();
}

Value GruBwd(const CallbackInfo& info) {
  const auto [T, B, H] = seqSizes(info, 12);
  const int64_t n = T * B * H;
  f32(info, 8, 3 * H, "bRec", true);  // checked for the signature; the cache already holds its effect
  rnnkit::gruSeqBackward(f32(info, 0, 3 * n, "dXProj"), f32(info, 1, 3 * H * H, "dU"), f32(info, 2, 3 * H, "dBRec", true),
                         f32(info, 3, B * H, "dH0", true), f32(info, 4, n, "dHSeq"), f32(info, 5, n, "hSeq"),
                         f32(info, 6, 4 * n, "cache"), f32(info, 7, 3 * H * H, "U"), f32(info, 9, B * H, "h0"),
                         f32(info, 10, B * H, "recMask", true), f32(info, 11, T * B, "timeMask", true), T, B, H,
                         flag(info, 15));
  return info.Env().Undefined();
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

Value SetThreads(const CallbackInfo& info) {
  rnnkit::setThreadCount(static_cast<int>(size(info, 0, "threads")));
  return info.Env().Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  const auto fn = [&](const char* name, Value (*f)(const CallbackInfo&)) {
    exports.Set(name, Napi::Function::New(env, f, name));
  };
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
  fn("sgdUpdate", Sgd);
  fn("rmspropUpdate", Rmsprop);
  fn("adamUpdate", Adam);
  fn("adagradUpdate", Adagrad);
  fn("sumSquares", SumSquares);
  fn("simpleRnnSeqForward", SimpleRnnFwd);
  fn("simpleRnnSeqBackward", SimpleRnnBwd);
  fn("lstmSeqForward", LstmFwd);
  fn("lstmSeqBackward", LstmBwd);
  fn("gruSeqForward", GruFwd);
  fn("gruSeqBackward", GruBwd);
  fn("rnnParallelMacs", RnnParallelMacs);
  fn("info", Info);
  fn("setThreads", SetThreads);
  return exports;
}

}  // namespace

NODE_API_MODULE(rnnkit, Init)
