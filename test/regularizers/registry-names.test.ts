// Names that exist on Object.prototype are not registry entries: they must give the usual
// "unknown name" error, not a bogus object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError, getConstraint, getInitializer, getLoss, getOptimizer, getRegularizer } from '../../src/index.js';

for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
  test(`registries reject the Object.prototype name '${name}'`, () => {
    assert.throws(() => getRegularizer(name), ValueError);
    assert.throws(() => getConstraint(name), ValueError);
    assert.throws(() => getOptimizer(name), ValueError);
    assert.throws(() => getInitializer(name), ValueError);
    assert.throws(() => getLoss(name), ValueError);
  });
}
