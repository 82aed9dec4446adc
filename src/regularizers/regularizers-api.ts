// The `regularizers` namespace: regularizers.l2(0.01), regularizers.l1l2({l1, l2}).
export { L1, L1L2, L2, l1, l1l2, l2 } from './regularizers.js';
