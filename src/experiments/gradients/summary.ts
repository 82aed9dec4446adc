import type { GradientStudyModel, GradientStudyResult } from '../gradients.js';

/** "87.5%". */
export function fmtPct(v: number): string {
  return Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : 'n/a';
}

/** A ratio in 3 significant digits, exponent form when small or large. */
export function fmtRatio(v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  return v !== 0 && (Math.abs(v) < 1e-2 || Math.abs(v) >= 1e3) ? v.toExponential(2) : v.toPrecision(3);
}

function list(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * The study's text summary, generated from the numbers only: which models learned the long-range
 * case (test accuracy ≥ learnedAt) and which did not, and how much of the loss gradient reached the
 * first time step (‖∂L/∂h_1‖/‖∂L/∂h_T‖) before and after training.
 */
export function summarizeGradientStudy(config: GradientStudyResult['config'], models: GradientStudyModel[]): string {
  const chance = 1 / config.classes;
  const learned = models.filter((m) => m.learned);
  const failed = models.filter((m) => !m.learned);
  const acc = (m: GradientStudyModel): string => `${m.name} ${fmtPct(m.finalAccuracy)}`;
  const paras: string[] = [];
  paras.push(`Task: remember the marked token over T = ${config.seqLen} steps (${config.classes} symbols, chance ${fmtPct(chance)}); `
    + `${config.steps} Adam steps of batch ${config.batch}, hidden size ${config.hidden}, seed ${config.seed}. `
    + `Accuracy is measured on ${config.testSize} test sequences whose marked token is the FIRST step, so the answer must travel all T steps; `
    + `"learned" means at least ${fmtPct(config.learnedAt)}.`);
  const verdict: string[] = [];
  if (learned.length > 0) verdict.push(`Learned the long-range task: ${list(learned.map(acc))}.`);
  if (failed.length > 0) verdict.push(`Did not learn it: ${list(failed.map(acc))}.`);
  paras.push(verdict.join(' '));
  const ratios = models.map((m) => `${m.name} ${fmtRatio(m.ratioStart)} → ${fmtRatio(m.ratioEnd)}`);
  paras.push(`Gradient reaching the first step, ‖∂L/∂h_1‖ / ‖∂L/∂h_T‖ on the long-range probe batch, before → after training: ${list(ratios)}.`);
  const finite = models.filter((m) => Number.isFinite(m.ratioEnd) && m.ratioEnd > 0);
  if (finite.length >= 2) {
    const lo = finite.reduce((a, b) => (b.ratioEnd < a.ratioEnd ? b : a));
    const hi = finite.reduce((a, b) => (b.ratioEnd > a.ratioEnd ? b : a));
    const orders = Math.log10(hi.ratioEnd / lo.ratioEnd);
    paras.push(`At the end the smallest ratio is ${lo.name}'s (${fmtRatio(lo.ratioEnd)}) and the largest ${hi.name}'s (${fmtRatio(hi.ratioEnd)}), `
      + `${orders.toFixed(1)} orders of magnitude apart. `
      + (lo.learned ? `${lo.name} learned the task nevertheless.` : `${lo.name}, whose first steps receive the least gradient, ${hi.learned ? `did not learn the task; ${hi.name} did.` : 'did not learn the task.'}`));
  }
  const reachedButFailed = models.filter((m) => !m.learned && Number.isFinite(m.ratioEnd) && m.ratioEnd >= 0.1);
  if (reachedButFailed.length > 0) {
    paras.push(`${list(reachedButFailed.map((m) => `${m.name} (ratio ${fmtRatio(m.ratioEnd)})`))} ${reachedButFailed.length > 1 ? 'get' : 'gets'} a gradient at the first step `
      + `of the same order as at the last one and still did not learn within ${config.steps} steps: a gradient that reaches the early steps is necessary, not sufficient.`);
  }
  return paras.join('\n\n');
}
