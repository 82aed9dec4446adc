// Cache-blocked SGEMM body, included once per instruction set by gemm.cc inside a
// `#pragma GCC target` region and a namespace, with MR (rows), VW (floats per vector) defined.
// NR = 2·VW columns. B is packed as NR-column strips [kc][NR] (zero-padded edges). A is read in
// place when it is row-major (a[m, k]: row i of a micro-tile at a + i·lda, no packing), else
// (transA) packed as MR-row strips [kc][MR].
// (No #include here: the file is textually included inside a namespace.)

typedef float vf __attribute__((vector_size(VW * 4)));
static constexpr int64_t NR = 2 * VW;
static constexpr int64_t KC = 256;
static constexpr int64_t MC = MR * (144 / MR);
static constexpr int64_t NC = 3072;

static inline vf loadv(const float* p) { vf v; __builtin_memcpy(&v, p, sizeof v); return v; }
static inline void storev(float* p, vf v) { __builtin_memcpy(p, &v, sizeof v); }

/**
 * acc = Σ_p A(i, p) ⊗ B[p][0..NR) for the ROWS (≤ MR) rows of a tile; c (+)= acc on its first nr columns.
 * A(i, p) is A[i + p·MR] when PACKED_A (a packed strip), else A[i·lda + p] (rows of a row-major matrix).
 * PREFETCH_C: prefetch the C tile first (large products, where C is not in cache; measured +10-30% on
 * m4000 n512 k128 and m12800 n128 k32).
 */
template <int ROWS, bool PACKED_A, bool PREFETCH_C>
static inline void microTile(int64_t kc, const float* __restrict A, int64_t lda, const float* __restrict B,
                             float* __restrict c, int64_t ldc, int64_t nr, bool add, const float* __restrict bias) {
  vf acc0[ROWS], acc1[ROWS];
  for (int i = 0; i < ROWS; ++i) { acc0[i] = vf{}; acc1[i] = vf{}; }
  if (PREFETCH_C)
    for (int i = 0; i < ROWS; ++i) {  // a cold C tile: its lines arrive while the products run
      __builtin_prefetch(c + i * ldc, 1);
      __builtin_prefetch(c + i * ldc + NR - 1, 1);
    }
  if (PACKED_A) {
    for (int64_t p = 0; p < kc; ++p) {
      const vf b0 = loadv(B + p * NR);
      const vf b1 = loadv(B + p * NR + VW);
      const float* ap = A + p * MR;
      for (int i = 0; i < ROWS; ++i) {
        const float av = ap[i];
        acc0[i] += av * b0;
        acc1[i] += av * b1;
      }
    }
  } else {
    const float* rows[ROWS];
    for (int i = 0; i < ROWS; ++i) rows[i] = A + i * lda;
    for (int64_t p = 0; p < kc; ++p) {
      const vf b0 = loadv(B + p * NR);
      const vf b1 = loadv(B + p * NR + VW);
      for (int i = 0; i < ROWS; ++i) {
        const float av = rows[i][p];
        acc0[i] += av * b0;
        acc1[i] += av * b1;
      }
    }
  }
  if (bias && nr == NR) {  // + the bias row (first depth block of a product with bias only)
    const vf bv0 = loadv(bias), bv1 = loadv(bias + VW);
    for (int i = 0; i < ROWS; ++i) { acc0[i] += bv0; acc1[i] += bv1; }
  }
  if (nr == NR) {
    for (int i = 0; i < ROWS; ++i) {
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
  float tile[ROWS * NR];
  for (int i = 0; i < ROWS; ++i) { storev(tile + i * NR, acc0[i]); storev(tile + i * NR + VW, acc1[i]); }
  if (bias)
    for (int64_t i = 0; i < ROWS; ++i)
      for (int64_t j = 0; j < nr; ++j) tile[i * NR + j] += bias[j];
  for (int64_t i = 0; i < ROWS; ++i) {
    float* row = c + i * ldc;
    if (add) { for (int64_t j = 0; j < nr; ++j) row[j] += tile[i * NR + j]; }
    else { for (int64_t j = 0; j < nr; ++j) row[j] = tile[i * NR + j]; }
  }
}

/** microTile for mr (1..MR) rows: an edge strip computes only its valid rows. */
template <bool PACKED_A, bool PREFETCH_C, int ROWS = MR>
static inline void microKernel(int64_t kc, const float* __restrict A, int64_t lda, const float* __restrict B,
                               float* __restrict c, int64_t ldc, int64_t mr, int64_t nr, bool add,
                               const float* __restrict bias) {
  if constexpr (ROWS > 1) {
    if (mr < ROWS) return microKernel<PACKED_A, PREFETCH_C, ROWS - 1>(kc, A, lda, B, c, ldc, mr, nr, add, bias);
  }
  microTile<ROWS, PACKED_A, PREFETCH_C>(kc, A, lda, B, c, ldc, nr, add, bias);
}

/**
 * Packs the panel of x with strip index s in [s0, s0+sc) and depth p in [p0, p0+kc) into R-wide strips
 * dst[strip][p][0..R), zero-padded. alongRow: x[p][s] = x[p*ld + s] (a strip is contiguous in a row);
 * else x[s][p] = x[s*ld + p].
 */
template <int64_t R>
static void packStrips(float* __restrict dst, const float* __restrict x, int64_t ld, bool alongRow,
                       int64_t s0, int64_t sc, int64_t p0, int64_t kc) {
  int64_t sr = 0;
  if (alongRow) {
    // Full strips, one source row after the other (a sequential read): one fixed-size copy per strip.
    const int64_t full = sc / R;
    for (int64_t p = 0; p < kc; ++p) {
      const float* s = x + (p0 + p) * ld + s0;
      for (int64_t t = 0; t < full; ++t) __builtin_memcpy(dst + t * R * kc + p * R, s + t * R, R * sizeof(float));
    }
    sr = full * R;
  }
  for (; sr < sc; sr += R) {
    const int64_t r = sc - sr < R ? sc - sr : R;
    float* d = dst + sr * kc;
    if (alongRow) {
      // Edge strip: a fixed-length loop (a variable-length one becomes a memmove call per depth).
      for (int64_t p = 0; p < kc; ++p) {
        const float* s = x + (p0 + p) * ld + s0 + sr;
        for (int64_t i = 0; i < R; ++i) d[p * R + i] = i < r ? s[i] : 0.0f;
      }
    } else {
      // Transposing gather, 8 depths at a time so each source row is read in runs.
      for (int64_t pb = 0; pb < kc; pb += 8) {
        const int64_t pe = kc - pb < 8 ? kc : pb + 8;
        for (int64_t i = 0; i < r; ++i) {
          const float* s = x + (s0 + sr + i) * ld + p0;
          for (int64_t p = pb; p < pe; ++p) d[p * R + i] = s[p];
        }
        for (int64_t i = r; i < R; ++i)
          for (int64_t p = pb; p < pe; ++p) d[p * R + i] = 0.0f;
      }
    }
  }
}

/** Packs op(a)[i0 .. i0+mc, p0 .. p0+kc) into MR-row strips (a is [k, m]: the transA case). */
static void packAT(float* __restrict dst, const float* __restrict a, int64_t m, int64_t i0, int64_t mc, int64_t p0,
                   int64_t kc) {
  packStrips<MR>(dst, a, m, true, i0, mc, p0, kc);
}

/** Packs op(b)[p0 .. p0+kc, j0 .. j0+nc) into NR-column strips (b is [n, k] if transB, else [k, n]). */
static void packB(float* __restrict dst, const float* __restrict b, int64_t n, int64_t k, bool transB,
                  int64_t p0, int64_t kc, int64_t j0, int64_t nc) {
  packStrips<NR>(dst, b, transB ? k : n, !transB, j0, nc, p0, kc);
}

/**
 * c[.., ldc] (=|+=) op(a)[ic.., pc..pc+kc) · (packed B strips, strip jr at pb + jr·ldb, depth p at + p·NR)
 * for rows [0, mc) and columns [0, nc) of the block. A is row-major at a (row stride lda), or packed
 * MR-row strips at pa when pa != nullptr.
 */
template <bool PREFETCH_C>
static void macroKernel(float* c, int64_t ldc, const float* a, int64_t lda, const float* pa, const float* pb,
                        int64_t ldb, int64_t mc, int64_t nc, int64_t kc, bool add, const float* bias) {
  for (int64_t jr = 0; jr < nc; jr += NR) {
    const int64_t nr = nc - jr < NR ? nc - jr : NR;
    const float* bs = pb + jr * ldb;
    const float* br = bias ? bias + jr : nullptr;
    for (int64_t ir = 0; ir < mc; ir += MR) {
      const int64_t mr = mc - ir < MR ? mc - ir : MR;
      if (pa) microKernel<true, PREFETCH_C>(kc, pa + ir * kc, 0, bs, c + ir * ldc + jr, ldc, mr, nr, add, br);
      else microKernel<false, PREFETCH_C>(kc, a + ir * lda, lda, bs, c + ir * ldc + jr, ldc, mr, nr, add, br);
    }
  }
}

/**
 * Computes the block c[i0..i1, j0..j1) of the product over depths [p0, p1) (p1 > p0). Buffers are per
 * thread. The first depth block stores (accumulate=false) or adds; later blocks add.
 */
static void gemmBlock(const GemmArgs& g, int64_t i0, int64_t i1, int64_t j0, int64_t j1, int64_t p0, int64_t p1,
                      float* c, int64_t ldc, bool accumulate) {
  thread_local AlignedBuffer bufA, bufB;
  float* pa = g.transA ? bufA.get(MC * KC) : nullptr;
  float* pb = bufB.get(KC * NC);
  for (int64_t jc = j0; jc < j1; jc += NC) {
    const int64_t nc = j1 - jc < NC ? j1 - jc : NC;
    for (int64_t pc = p0; pc < p1; pc += KC) {
      const int64_t kc = p1 - pc < KC ? p1 - pc : KC;
      const bool add = accumulate || pc > p0;
      packB(pb, g.b, g.n, g.k, g.transB, pc, kc, jc, nc);
      for (int64_t ic = i0; ic < i1; ic += MC) {
        const int64_t mc = i1 - ic < MC ? i1 - ic : MC;
        if (pa) packAT(pa, g.a, g.m, ic, mc, pc, kc);
        // the bias row goes in once, with the product's first depth block (pc == 0: one thread of a depth split)
        macroKernel<true>(c + (ic - i0) * ldc + (jc - j0), ldc, g.a + ic * g.k + pc, g.k, pa, pb, kc, mc, nc, kc, add,
                          g.bias && pc == 0 ? g.bias + jc : nullptr);
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
 * c[m, n] (=|+=) a[m, k] · B, with B packed by packAll; c has row stride ldc, a is contiguous and read
 * in place. The per-time-step recurrent product: B (the recurrent kernel) is packed once per sequence.
 */
static void gemmPacked(float* c, int64_t ldc, const float* a, int64_t m, int64_t n, int64_t k, const float* pb,
                       bool accumulate) {
  if (k <= 0) {
    if (!accumulate)
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j) c[i * ldc + j] = 0.0f;
    return;
  }
  for (int64_t pc = 0; pc < k; pc += KC) {
    const int64_t kc = k - pc < KC ? k - pc : KC;
    const bool add = accumulate || pc > 0;
    for (int64_t ic = 0; ic < m; ic += MC) {
      const int64_t mc = m - ic < MC ? m - ic : MC;
      macroKernel<false>(c + ic * ldc, ldc, a + ic * k + pc, k, nullptr, pb + pc * NR, k, mc, n, kc, add, nullptr);
    }
  }
}
