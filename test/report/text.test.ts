import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError } from '../../src/errors.js';
import { bar, fmtTextNumber, renderTextTable, sparkline, textBarChart } from '../../src/report/index.js';

test('renderTextTable: aligned columns, numbers right-aligned, missing as "-"', () => {
  const out = renderTextTable(
    ['model', 'params', 'test acc', 'note'],
    [
      ['SimpleRNN', 322113, 0.81234567, 'ok'],
      ['LSTM', 336673, null, 'no test'],
      ['GRU', 9, 0.5, ''],
    ],
  );
  assert.equal(
    out,
    [
      'model      params  test acc  note',
      '---------  ------  --------  -------',
      'SimpleRNN  322113    0.8123  ok',
      'LSTM       336673         -  no test',
      'GRU             9    0.5000',
    ].join('\n'),
  );
});

test('renderTextTable: options (title, digits per column, forced alignment, gap)', () => {
  const out = renderTextTable(['a', 'b'], [['x', 1.23456], ['yy', 10]], { title: 'T', digits: [undefined, 1], align: ['right', 'left'], gap: 1 });
  assert.equal(out, ['T', ' a b', '-- ---', ' x 1.2', 'yy 10'].join('\n'));
  assert.throws(() => renderTextTable(['a', 'b'], [['x']]), (e: unknown) => e instanceof ValueError && /row 0 has 1 cells, expected 2/.test(e.message));
  assert.equal(renderTextTable(['h'], []), 'h\n-');
});

test('fmtTextNumber', () => {
  assert.equal(fmtTextNumber(12), '12');
  assert.equal(fmtTextNumber(0.123456), '0.1235');
  assert.equal(fmtTextNumber(0.00001234), '1.234e-5');
  assert.equal(fmtTextNumber(0), '0');
  assert.equal(fmtTextNumber(NaN), 'NaN');
  assert.equal(fmtTextNumber(-Infinity), '-inf');
  assert.equal(fmtTextNumber(2.5, 1), '2.5');
});

test('sparkline: levels, flat input, gaps, fixed scale, ASCII', () => {
  assert.equal(sparkline([0, 1, 2, 3, 4, 5, 6, 7]), '▁▂▃▄▅▆▇█');
  assert.equal(sparkline([0.69, 0.45, 0.3, 0.3]), '█▄▁▁');
  assert.equal(sparkline([2, 2, 2]), '▄▄▄');
  assert.equal(sparkline([0, NaN, 7]), '▁ █');
  assert.equal(sparkline([]), '');
  assert.equal(sparkline([NaN]), ' ');
  assert.equal(sparkline([0.5], { min: 0, max: 1 }), '▅'); // 0.5 * 7 = 3.5 -> level 4
  assert.equal(sparkline([-1, 2], { min: 0, max: 1 }), '▁█');
  assert.equal(sparkline([0, 1, 2, 3, 4, 5], { ascii: true }), '_.-=*#');
});

test('bar and textBarChart', () => {
  assert.equal(bar(0.5, 1, 10), '█████');
  assert.equal(bar(1 / 16, 1, 2), '▏'); // 1/16 of 2 chars = 1 eighth of a char
  assert.equal(bar(0.3, 1, 2), '▋'); // 0.6 chars = 4.8 eighths -> 5
  assert.equal(bar(2, 1, 4), '████');
  assert.equal(bar(-1, 1, 4), '');
  assert.equal(bar(0.5, 1, 10, true), '#####');
  assert.throws(() => bar(1, 0, 5), ValueError);
  assert.throws(() => bar(1, 1, 2.5), ValueError);
  assert.equal(
    textBarChart([{ label: 'LSTM', value: 0.8 }, { label: 'SimpleRNN', value: 0.4 }], { width: 4, ascii: true }),
    ['LSTM       ####  0.8000', 'SimpleRNN  ##    0.4000'].join('\n'),
  );
});
