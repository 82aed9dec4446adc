// The `constraints` namespace: constraints.maxNorm({maxValue: 3}), constraints.nonNeg().
export { MaxNorm, MinMaxNorm, NonNeg, UnitNorm, maxNorm, minMaxNorm, nonNeg, unitNorm } from './constraints.js';
