// N-API glue of the fused recurrent kernels (argument order of src/backend/kernels/rnn.ts): unpacks
// and checks the arrays (glue.h), calls the kernels in kernels/rnn_*.cc. No math here.
#include "glue.h"

namespace rnnkit_glue {
namespace {

struct SeqSizes {
  int64_t T, B, H;
};

SeqSizes seqSizes(const CallbackInfo& info, size_t i) {
  return {size(info, i, "T"), size(info, i + 1, "B"), size(info, i + 2, "H")};
}

/** A forward kernel's input projection (arguments i, i + 1). */
struct XIn {
  const float* x;
  const int32_t* ids;
};

/** Dense xProj [T,B,G] (ids null), or a table [V,G] (V = its length / G) and the ids [T,B] of its rows to read. */
XIn xProjIn(const CallbackInfo& info, size_t i, int64_t T, int64_t B, int64_t G) {
  if (info[i + 1].IsNull() || info[i + 1].IsUndefined()) return {f32(info, i, T * B * G, "xProj"), nullptr};
  const float* table = f32(info, i, 0, "xProj (table)");
  const int64_t V = G > 0 ? static_cast<int64_t>(info[i].As<Napi::TypedArray>().ElementLength()) / G : 0;
  const int32_t* ids = i32(info, i + 1, T * B, "xIds");
  checkIds(info, ids, T * B, V);
  return {table, ids};
}

Value SimpleRnnFwd(const CallbackInfo& info) {
  const auto [T, B, H] = seqSizes(info, 7);
  const XIn x = xProjIn(info, 1, T, B, H);
  rnnkit::simpleRnnSeqForward(f32(info, 0, T * B * H, "hSeq"), x.x, x.ids, f32(info, 3, H * H, "U"),
                              f32(info, 4, B * H, "h0"), f32(info, 5, B * H, "recMask", true),
                              f32(info, 6, T * B, "timeMask", true), T, B, H);
  return info.Env().Undefined();
}

Value SimpleRnnBwd(const CallbackInfo& info) {
  const auto [T, B, H] = seqSizes(info, 11);
  rnnkit::simpleRnnSeqBackward(f32(info, 0, T * B * H, "dXProj"), f32(info, 1, H * H, "dU"),
                               f32(info, 2, H, "dBias", true), f32(info, 3, B * H, "dH0", true),
                               f32(info, 4, T * B * H, "dHSeq", true), f32(info, 5, B * H, "dHLast", true),
                               f32(info, 6, T * B * H, "hSeq"), f32(info, 7, H * H, "U"), f32(info, 8, B * H, "h0"),
                               f32(info, 9, B * H, "recMask", true), f32(info, 10, T * B, "timeMask", true), T, B, H);
  return info.Env().Undefined();
}

Value LstmFwd(const CallbackInfo& info) {
  const auto [T, B, H] = seqSizes(info, 10);
  const int64_t n = T * B * H;
  const XIn x = xProjIn(info, 3, T, B, 4 * H);
  rnnkit::lstmSeqForward(f32(info, 0, n, "hSeq"), f32(info, 1, n, "cSeq"), f32(info, 2, 4 * n, "gates", true), x.x,
                         x.ids, f32(info, 5, 4 * H * H, "U"), f32(info, 6, B * H, "h0"), f32(info, 7, B * H, "c0"),
                         f32(info, 8, B * H, "recMask", true), f32(info, 9, T * B, "timeMask", true), T, B, H);
  return info.Env().Undefined();
}

Value LstmBwd(const CallbackInfo& info) {
  const auto [T, B, H] = seqSizes(info, 16);
  const int64_t n = T * B * H;
  rnnkit::lstmSeqBackward(f32(info, 0, 4 * n, "dXProj"), f32(info, 1, 4 * H * H, "dU"), f32(info, 2, 4 * H, "dBias", true),
                          f32(info, 3, B * H, "dH0", true), f32(info, 4, B * H, "dC0", true), f32(info, 5, n, "dHSeq", true),
                          f32(info, 6, B * H, "dHLast", true), f32(info, 7, B * H, "dCLast", true),
                          f32(info, 8, n, "hSeq"), f32(info, 9, n, "cSeq"), f32(info, 10, 4 * n, "gates"),
                          f32(info, 11, 4 * H * H, "U"), f32(info, 12, B * H, "h0"), f32(info, 13, B * H, "c0"),
                          f32(info, 14, B * H, "recMask", true), f32(info, 15, T * B, "timeMask", true), T, B, H);
  return info.Env().Undefined();
}

Value GruFwd(const CallbackInfo& info) {
  const auto [T, B, H] = seqSizes(info, 9);
  const int64_t n = T * B * H;
  const XIn x = xProjIn(info, 2, T, B, 3 * H);
  rnnkit::gruSeqForward(f32(info, 0, n, "hSeq"), f32(info, 1, 4 * n, "cache", true), x.x, x.ids,
                        f32(info, 4, 3 * H * H, "U"), f32(info, 5, 3 * H, "bRec", true), f32(info, 6, B * H, "h0"),
                        f32(info, 7, B * H, "recMask", true), f32(info, 8, T * B, "timeMask", true), T, B, H,
                        flag(info, 12));
  return info.Env().Undefined();
}

Value GruBwd(const CallbackInfo& info) {
  const auto [T, B, H] = seqSizes(info, 14);
  const int64_t n = T * B * H;
  f32(info, 10, 3 * H, "bRec", true);  // checked for the signature; the cache already holds its effect
  rnnkit::gruSeqBackward(f32(info, 0, 3 * n, "dXProj"), f32(info, 1, 3 * H * H, "dU"), f32(info, 2, 3 * H, "dBias", true),
                         f32(info, 3, 3 * H, "dBRec", true), f32(info, 4, B * H, "dH0", true),
                         f32(info, 5, n, "dHSeq", true), f32(info, 6, B * H, "dHLast", true), f32(info, 7, n, "hSeq"),
                         f32(info, 8, 4 * n, "cache"), f32(info, 9, 3 * H * H, "U"), f32(info, 11, B * H, "h0"),
                         f32(info, 12, B * H, "recMask", true), f32(info, 13, T * B, "timeMask", true), T, B, H,
                         flag(info, 17));
  return info.Env().Undefined();
}

}  // namespace

void registerRnn(Napi::Env env, Napi::Object exports) {
  exportFn(env, exports, "simpleRnnSeqForward", SimpleRnnFwd);
  exportFn(env, exports, "simpleRnnSeqBackward", SimpleRnnBwd);
  exportFn(env, exports, "lstmSeqForward", LstmFwd);
  exportFn(env, exports, "lstmSeqBackward", LstmBwd);
  exportFn(env, exports, "gruSeqForward", GruFwd);
  exportFn(env, exports, "gruSeqBackward", GruBwd);
}

}  // namespace rnnkit_glue
