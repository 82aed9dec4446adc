/**
 * Householder QR of a row-major m×n matrix (m ≥ n), in float64. Returns the reduced Q [m, n]
 * (row-major) and the diagonal of R [n]. Used by the orthogonal initializer. Works on columns
 * stored contiguously so every inner loop is a unit-stride dot product or axpy.
 */
export function householderQR(a: Float64Array, m: number, n: number): { q: Float64Array; rDiag: Float64Array } {
  if (m < n) throw new RangeError(`householderQR: need rows >= cols, got ${m}x${n}.`);
  const cols = new Float64Array(m * n); // cols [n, m]: column j of A at j·m, reduced in place to R
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) cols[j * m + i] = a[i * n + j];
  const vs = new Float64Array(n * m); // vs [n, m]: unit Householder vector k in rows k..m−1 of vs[k]
  const rDiag = new Float64Array(n); // rDiag [n]
  for (let k = 0; k < n; k++) {
    const ck = k * m;
    let norm2 = 0;
    for (let i = k; i < m; i++) norm2 += cols[ck + i] * cols[ck + i];
    const norm = Math.sqrt(norm2);
    const x0 = cols[ck + k];
    const alpha = x0 >= 0 ? -norm : norm;
    const vk = k * m;
    for (let i = k; i < m; i++) vs[vk + i] = cols[ck + i];
    vs[vk + k] -= alpha;
    let vn2 = 0;
    for (let i = k; i < m; i++) vn2 += vs[vk + i] * vs[vk + i];
    const vn = Math.sqrt(vn2);
    if (vn === 0) {
      rDiag[k] = x0; // nothing to reflect: the column is already zero below the diagonal
      continue;
    }
    for (let i = k; i < m; i++) vs[vk + i] /= vn;
    // Each column j ≥ k of R: c −= 2 v (v·c).
    for (let j = k; j < n; j++) reflect(cols, j * m, vs, vk, k, m);
    rDiag[k] = cols[ck + k];
  }
  // Q = H_0 H_1 … H_{n−1} I[:, :n], reflections applied right to left; H_k leaves columns j < k alone.
  const qCols = new Float64Array(n * m); // qCols [n, m]: column j of Q at j·m
  for (let j = 0; j < n; j++) qCols[j * m + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    for (let j = k; j < n; j++) reflect(qCols, j * m, vs, k * m, k, m);
  }
  const q = new Float64Array(m * n); // q [m, n] row-major
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) q[i * n + j] = qCols[j * m + i];
  return { q, rDiag };
}

/** c[k:m] −= 2·v[k:m]·(v[k:m]·c[k:m]) for the column at offset co and the vector at offset vo. */
function reflect(c: Float64Array, co: number, v: Float64Array, vo: number, k: number, m: number): void {
  let s = 0;
  for (let i = k; i < m; i++) s += v[vo + i] * c[co + i];
  if (s === 0) return;
  s *= 2;
  for (let i = k; i < m; i++) c[co + i] -= s * v[vo + i];
}
