// Argument unpacking shared by the N-API glue files (addon.cc, addon_rnn.cc): sizes, flags and
// typed arrays checked to be long enough for the sizes given, so no kernel can read or write out of
// bounds. Every failure is a TypeError naming the argument. No math here.
#pragma once

#include <napi.h>

#include <cstdint>
#include <string>
#include <vector>

#include "kernels/kernels.h"

namespace rnnkit_glue {

using Napi::CallbackInfo;
using Napi::Value;

using Napi::CallbackInfo;
using Napi::Value;

[[noreturn]] inline void fail(const CallbackInfo& info, const std::string& msg) {
  throw Napi::TypeError::New(info.Env(), "rnnkit native: " + msg);
}

inline int64_t size(const CallbackInfo& info, size_t i, const char* name) {
  if (!info[i].IsNumber()) fail(info, std::string(name) + " must be a number");
  const double v = info[i].As<Napi::Number>().DoubleValue();
  if (!(v >= 0) || v != static_cast<double>(static_cast<int64_t>(v)))
    fail(info, std::string(name) + " must be a non-negative integer, got " + std::to_string(v));
  return static_cast<int64_t>(v);
}

inline float num(const CallbackInfo& info, size_t i, const char* name) {
  if (!info[i].IsNumber()) fail(info, std::string(name) + " must be a number");
  return info[i].As<Napi::Number>().FloatValue();
}

inline double real(const CallbackInfo& info, size_t i, const char* name) {
  if (!info[i].IsNumber()) fail(info, std::string(name) + " must be a number");
  return info[i].As<Napi::Number>().DoubleValue();
}

inline bool flag(const CallbackInfo& info, size_t i) { return info[i].ToBoolean().Value(); }

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

inline float* f32(const CallbackInfo& info, size_t i, int64_t need, const char* name, bool nullable = false) {
  return array<float, napi_float32_array>(info, i, need, name, nullable);
}

inline int32_t* i32(const CallbackInfo& info, size_t i, int64_t need, const char* name) {
  return array<int32_t, napi_int32_array>(info, i, need, name);
}

inline std::vector<int64_t> sizes(const CallbackInfo& info, size_t i, const char* name) {
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
inline int64_t span(const std::vector<int64_t>& shape, const std::vector<int64_t>& strides) {
  int64_t last = 0;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == 0) return 0;
    last += (shape[d] - 1) * strides[d];
  }
  return last + 1;
}

inline rnnkit::Unary unaryFn(const CallbackInfo& info, size_t i) {
  const int64_t f = size(info, i, "fn");
  if (f > 2) fail(info, "unknown unary function code " + std::to_string(f));
  return static_cast<rnnkit::Unary>(f);
}

inline rnnkit::Binary binaryFn(const CallbackInfo& info, size_t i) {
  const int64_t f = size(info, i, "fn");
  if (f > 5) fail(info, "unknown binary function code " + std::to_string(f));
  return static_cast<rnnkit::Binary>(f);
}

inline void checkIds(const CallbackInfo& info, const int32_t* ids, int64_t nIds, int64_t rows) {
  for (int64_t i = 0; i < nIds; ++i)
    if (ids[i] < 0 || ids[i] >= rows)
      fail(info, "id " + std::to_string(ids[i]) + " at position " + std::to_string(i) + " is outside [0, " +
                     std::to_string(rows) + ")");
}

/** Adds exports[name] = f. */
inline void exportFn(Napi::Env env, Napi::Object exports, const char* name, Value (*f)(const CallbackInfo&)) {
  exports.Set(name, Napi::Function::New(env, f, name));
}

/** Registers the fused recurrent kernels' glue (addon_rnn.cc). */
void registerRnn(Napi::Env env, Napi::Object exports);

}  // namespace rnnkit_glue
