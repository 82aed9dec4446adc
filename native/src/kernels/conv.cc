// 1-D convolution (channels last) as im2col + SGEMM, and its gradients (GEMMs + col2im).
// Rows of the im2col matrix are output steps (b, t), processed in chunks so the scratch stays
// bounded (kChunkFloats) whatever the batch and length.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "kernels.h"

namespace rnnkit {

namespace {

constexpr int64_t kChunkFloats = int64_t(1) << 20;  // 4 MB of im2col scratch per chunk

/** Grow-only thread-local scratch (uninitialised contents). */
float* scratch(std::vector<float>& v, int64_t n) {
  if (static_cast<int64_t>(v.size()) < n) v.resize(n);
  return v.data();
}

/** col [rows, K·inCh]: row r = output step r0 + r of the flattened (batch, outLen), zero outside x. */
void im2col(float* col, const float* x, const Conv1dGeom& d, int64_t r0, int64_t rows) {
  const int64_t width = d.kernelSize * d.inCh;
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t bt = r0 + r, b = bt / d.outLen, t = bt % d.outLen;
    float* row = col + r * width;
    for (int64_t j = 0; j < d.kernelSize; ++j) {
      const int64_t s = t * d.stride + j * d.dilation - d.padLeft;
      if (s < 0 || s >= d.inLen) std::memset(row + j * d.inCh, 0, sizeof(float) * d.inCh);
      else std::memcpy(row + j * d.inCh, x + (b * d.inLen + s) * d.inCh, sizeof(float) * d.inCh);
    }
  }
}

/** dX += col2im(dCol) for the rows r0..r0+rows. */
void col2imAdd(float* dX, const float* dCol, const Conv1dGeom& d, int64_t r0, int64_t rows) {
  const int64_t width = d.kernelSize * d.inCh;
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t bt = r0 + r, b = bt / d.outLen, t = bt % d.outLen;
    const float* row = dCol + r * width;
    for (int64_t j = 0; j < d.kernelSize; ++j) {
      const int64_t s = t * d.stride + j * d.dilation - d.padLeft;
      if (s < 0 || s >= d.inLen) continue;
      float* __restrict dst = dX + (b * d.inLen + s) * d.inCh;
      const float* __restrict src = row + j * d.inCh;
      for (int64_t c = 0; c < d.inCh; ++c) dst[c] += src[c];
    }
  }
}

int64_t chunkRows(const Conv1dGeom& d) {
  const int64_t width = std::max<int64_t>(1, d.kernelSize * d.inCh);
  return std::max<int64_t>(1, kChunkFloats / width);
}

}  // namespace

void conv1d(float* out, const float* x, const float* w, const float* bias, const Conv1dGeom& d) {
  const int64_t rowsAll = d.batch * d.outLen, width = d.kernelSize * d.inCh;
  if (rowsAll == 0 || d.outCh == 0) return;
  for (int64_t r = 0; r < rowsAll; ++r) {
    float* o = out + r * d.outCh;
    if (bias) std::memcpy(o, bias, sizeof(float) * d.outCh);
    else std::memset(o, 0, sizeof(float) * d.outCh);
  }
  if (width == 0) return;
  thread_local std::vector<float> colBuf;
  const int64_t chunk = chunkRows(d);
  float* col = scratch(colBuf, std::min(chunk, rowsAll) * width);
  for (int64_t r0 = 0; r0 < rowsAll; r0 += chunk) {
    const int64_t rows = std::min(chunk, rowsAll - r0);
    im2col(col, x, d, r0, rows);
    sgemm(out + r0 * d.outCh, col, w, rows, d.outCh, width, false, false, true);
  }
}

void conv1dGrad(float* dX, float* dW, float* dBias, const float* dOut, const float* x, const float* w,
                const Conv1dGeom& d) {
  const int64_t rowsAll = d.batch * d.outLen, width = d.kernelSize * d.inCh;
  if (rowsAll == 0 || d.outCh == 0) return;
  if (dBias) {
    for (int64_t r = 0; r < rowsAll; ++r) {
      const float* __restrict g = dOut + r * d.outCh;
      for (int64_t f = 0; f < d.outCh; ++f) dBias[f] += g[f];
    }
  }
  if (width == 0 || (!dX && !dW)) return;
  thread_local std::vector<float> colBuf;
  const int64_t chunk = chunkRows(d);
  float* col = scratch(colBuf, std::min(chunk, rowsAll) * width);
  for (int64_t r0 = 0; r0 < rowsAll; r0 += chunk) {
    const int64_t rows = std::min(chunk, rowsAll - r0);
    const float* g = dOut + r0 * d.outCh;
    if (dW) {
      im2col(col, x, d, r0, rows);
      sgemm(dW, col, g, width, d.outCh, rows, true, false, true);  // dW [K·inCh, outCh] += colᵀ · dOut
    }
    if (dX) {
      sgemm(col, g, w, rows, width, d.outCh, false, true, false);  // dCol [rows, K·inCh] = dOut · wᵀ
      col2imAdd(dX, col, d, r0, rows);
    }
  }
}

}  // namespace rnnkit
