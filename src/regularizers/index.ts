export type { Regularizer } from './regularizers.js';
export type { Constraint } from './constraints.js';
export { getRegularizer, l1l2Penalty } from './regularizers.js';
export { getConstraint } from './constraints.js';
export * as regularizers from './regularizers-api.js';
export * as constraints from './constraints-api.js';
