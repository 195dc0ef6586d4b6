import * as assert from 'assert';
import { age, escapeMarkdown, short } from '../../src/views/common';

describe('views/common', () => {
  it('age: minutes, hours, days from epoch ms or an ISO date; nothing for a missing or zero date', () => {
    const now = Date.parse('2026-08-21T12:00:00Z');
    assert.strictEqual(age(now - 10e3, now), 'just now');
    assert.strictEqual(age(now - 5 * 60e3, now), '5 min ago');
    assert.strictEqual(age(new Date(now - 26 * 3600e3).toISOString(), now), '26 h ago');
    assert.strictEqual(age(now - 3 * 86400e3, now), '3 d ago');
    assert.strictEqual(age(undefined, now), undefined);
    assert.strictEqual(age(0, now), undefined);
    assert.strictEqual(age('not a date', now), undefined);
  });

  it('escapeMarkdown: every Markdown/HTML/theme-icon character is escaped, spaces stay spaces', () => {
    const text = 'a *b* _c_ `d` [e](f) <img src=x> $(zap) & #1 | ~';
    const md = escapeMarkdown(text);
    assert.ok(!/[^\\][*_`[\]()<>$&#|~]/.test(` ${md}`.replace(/\\./g, '')), md);
    assert.strictEqual(md.replace(/\\(.)/g, '$1'), text);
    assert.ok(md.includes(' '), 'spaces are not &nbsp;');
    assert.strictEqual(escapeMarkdown('one\ntwo'), 'one\n\ntwo');
  });

  it('short: the first line, cut with an ellipsis', () => {
    assert.strictEqual(short('first\nsecond'), 'first');
    assert.strictEqual(short('x'.repeat(100), 10), `${'x'.repeat(9)}…`);
  });
});
