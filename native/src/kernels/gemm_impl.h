// Cache-blocked SGEMM body, included once per instruction set by gemm.cc inside a
// `#pragma GCC target` region and a namespace, with MR (rows), VW (floats per vector) defined.
// NR = 2·VW columns. Packed panels: A as MR-row strips [kc][MR], B as NR-column strips [kc][NR];
// edges are zero-padded, so the micro-kernel always computes a full MR×NR tile.
// (No #include here: the file is textually included inside a namespace.)

typedef float vf __attribute__((vector_size(VW * 4)));
static constexpr int64_t NR = 2 * VW;
static constexpr int64_t KC = 256;
static constexpr int64_t MC = MR * (144 / MR);
static constexpr int64_t NC = 3072;

static inline vf loadv(const float* p) { vf v; __builtin_memcpy(&v, p, sizeof v); return v; }
static inline void storev(float* p, vf v) { __builtin_memcpy(p, &v, sizeof v); }

/** acc = Σ_p A[p][0..MR) ⊗ B[p][0..NR); c (+)= acc on the valid mr×nr corner. */
static inline void microKernel(int64_t kc, const float* __restrict A, const float* __restrict B, float* __restrict c,
                               int64_t ldc, int64_t mr, int64_t nr, bool add) {
  vf acc0[MR], acc1[MR];
  for (int i = 0; i < MR; ++i) { acc0[i] = vf{}; acc1[i] = vf{}; }
  for (int64_t p = 0; p < kc; ++p) {
    const vf b0 = loadv(B + p * NR);
    const vf b1 = loadv(B + p * NR + VW);
    const float* ap = A + p * MR;
    for (int i = 0; i < MR; ++i) {
      const float av = ap[i];
      acc0[i] += av * b0;
      acc1[i] += av * b1;
    }
  }
  if (mr == MR && nr == NR) {
    for (int i = 0; i < MR; ++i) {
      float* row = c + i * ldc;
      if (add) {
        storev(row, loadv(row) + acc0[i]);
        storev(row + VW, loadv(row + VW) + acc1[i]);
      } else {
        storev(row, acc0[i]);
        storev(row + VW, acc1[i]);
      }
    }
    return;
  }
  float tile[MR * NR];
  for (int i = 0; i < MR; ++i) { storev(tile + i * NR, acc0[i]); storev(tile + i * NR + VW, acc1[i]); }
  for (int64_t i = 0; i < mr; ++i) {
    float* row = c + i * ldc;
    if (add) { for (int64_t j = 0; j < nr; ++j) row[j] += tile[i * NR + j]; }
    else { for (int64_t j = 0; j < nr; ++j) row[j] = tile[i * NR + j]; }
  }
}

/**
 * Packs the panel of x with strip index s in [s0, s0+sc) and depth p in [p0, p0+kc) into R-wide strips
 * dst[strip][p][0..R), zero-padded. alongRow: x[p][s] = x[p*ld + s] (a strip is contiguous in a row);
 * else x[s][p] = x[s*ld + p].
 */
template <int64_t R>
static void packStrips(float* __restrict dst, const float* __restrict x, int64_t ld, bool alongRow,
                       int64_t s0, int64_t sc, int64_t p0, int64_t kc) {
  for (int64_t sr = 0; sr < sc; sr += R) {
    const int64_t r = sc - sr < R ? sc - sr : R;
    float* d = dst + sr * kc;
    if (alongRow) {
      for (int64_t p = 0; p < kc; ++p) {
        const float* s = x + (p0 + p) * ld + s0 + sr;
        for (int64_t i = 0; i < r; ++i) d[p * R + i] = s[i];
        for (int64_t i = r; i < R; ++i) d[p * R + i] = 0.0f;
      }
    } else {
      for (int64_t i = 0; i < r; ++i) {
        const float* s = x + (s0 + sr + i) * ld + p0;
        for (int64_t p = 0; p < kc; ++p) d[p * R + i] = s[p];
      }
      for (int64_t i = r; i < R; ++i)
        for (int64_t p = 0; p < kc; ++p) d[p * R + i] = 0.0f;
    }
  }
}

/** Packs op(a)[i0 .. i0+mc, p0 .. p0+kc) into MR-row strips (a is [k, m] if transA, else [m, k]). */
static void packA(float* __restrict dst, const float* __restrict a, int64_t m, int64_t k, bool transA,
                  int64_t i0, int64_t mc, int64_t p0, int64_t kc) {
  packStrips<MR>(dst, a, transA ? m : k, transA, i0, mc, p0, kc);
}

/** Packs op(b)[p0 .. p0+kc, j0 .. j0+nc) into NR-column strips (b is [n, k] if transB, else [k, n]). */
static void packB(float* __restrict dst, const float* __restrict b, int64_t n, int64_t k, bool transB,
                  int64_t p0, int64_t kc, int64_t j0, int64_t nc) {
  packStrips<NR>(dst, b, transB ? k : n, !transB, j0, nc, p0, kc);
}

/** Computes the block c[i0..i1, j0..j1) of the product (k > 0). Buffers are per thread. */
static void gemmBlock(const GemmArgs& g, int64_t i0, int64_t i1, int64_t j0, int64_t j1) {
  thread_local AlignedBuffer bufA, bufB;
  float* pa = bufA.get(MC * KC);
  float* pb = bufB.get(KC * NC);
  for (int64_t jc = j0; jc < j1; jc += NC) {
    const int64_t nc = j1 - jc < NC ? j1 - jc : NC;
    for (int64_t pc = 0; pc < g.k; pc += KC) {
      const int64_t kc = g.k - pc < KC ? g.k - pc : KC;
      const bool add = g.accumulate || pc > 0;
      packB(pb, g.b, g.n, g.k, g.transB, pc, kc, jc, nc);
      for (int64_t ic = i0; ic < i1; ic += MC) {
        const int64_t mc = i1 - ic < MC ? i1 - ic : MC;
        packA(pa, g.a, g.m, g.k, g.transA, ic, mc, pc, kc);
        for (int64_t jr = 0; jr < nc; jr += NR) {
          const int64_t nr = nc - jr < NR ? nc - jr : NR;
          for (int64_t ir = 0; ir < mc; ir += MR) {
            const int64_t mr = mc - ir < MR ? mc - ir : MR;
            microKernel(kc, pa + ir * kc, pb + jr * kc, g.c + (ic + ir) * g.n + jc + jr, g.n, mr, nr, add);
          }
        }
      }
    }
  }
}

/** Floats a packed op(b) [k, n] takes: ⌈n/NR⌉ strips of [k][NR]. */
static int64_t packedSize(int64_t n, int64_t k) { return ((n + NR - 1) / NR) * NR * k; }

/** Packs all of op(b) [k, n] once (strip jr at dst + jr·k, row p of it at + p·NR) for gemmPacked. */
static void packAll(float* dst, const float* b, int64_t n, int64_t k, bool transB) {
  packB(dst, b, n, k, transB, 0, k, 0, n);
}

/**
 * c[m, n] (=|+=) a[m, k] · B, with B packed by packAll; c has row stride ldc, a is contiguous.
 * The per-time-step recurrent product: B (the recurrent kernel) is packed once per sequence.
 */
static void gemmPacked(float* c, int64_t ldc, const float* a, int64_t m, int64_t n, int64_t k, const float* pb,
                       bool accumulate) {
  if (k <= 0) {
    if (!accumulate)
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j) c[i * ldc + j] = 0.0f;
    return;
  }
  thread_local AlignedBuffer bufA;
  float* pa = bufA.get(MC * KC);
  for (int64_t pc = 0; pc < k; pc += KC) {
    const int64_t kc = k - pc < KC ? k - pc : KC;
    const bool add = accumulate || pc > 0;
    for (int64_t ic = 0; ic < m; ic += MC) {
      const int64_t mc = m - ic < MC ? m - ic : MC;
      packA(pa, a, m, k, false, ic, mc, pc, kc);
      for (int64_t jr = 0; jr < n; jr += NR) {
        const int64_t nr = n - jr < NR ? n - jr : NR;
        for (int64_t ir = 0; ir < mc; ir += MR) {
          const int64_t mr = mc - ir < MR ? mc - ir : MR;
          microKernel(kc, pa + ir * kc, pb + jr * k + pc * NR, c + (ic + ir) * ldc + jr, ldc, mr, nr, add);
        }
      }
    }
  }
}
