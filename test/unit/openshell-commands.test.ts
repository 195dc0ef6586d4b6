import * as assert from 'assert';
import * as c from '../../src/openshell/commands';
import { dialectOf, parseVersion } from '../../src/openshell/dialect';
import { Redactor } from '../../src/openshell/redact';
import { normalizeProviderType } from '../../src/openshell/types';

const D00 = dialectOf(parseVersion('openshell 0.0.116')!);
const D01 = dialectOf(parseVersion('openshell 0.1.5')!);

describe('openshell/commands (pure argv builders)', () => {
  it('create: bare-key credentials with values only in the env, placeholders as KEY=, sorted keys', () => {
    const cmd = c.providerCreate(D00, { name: 'github-code', type: 'fullsend-github-code', credentials: { Z_TOKEN: 's3cr3t-z', A_TOKEN: 's3cr3t-a', _NOOP_X: '' }, config: { URL: 'https://x' } });
    assert.deepStrictEqual(cmd.args, ['provider', 'create', '--name', 'github-code', '--type', 'fullsend-github-code',
      '--credential', 'A_TOKEN', '--credential', 'Z_TOKEN', '--credential', '_NOOP_X=', '--config', 'URL=https://x']);
    assert.deepStrictEqual(cmd.env, { A_TOKEN: 's3cr3t-a', Z_TOKEN: 's3cr3t-z' });
    assert.ok(!cmd.args.join(' ').includes('s3cr3t'));
  });

  it('create without any credential: refused before spawning in 0.0, left to the profile in 0.1 (credential-less create)', () => {
    assert.throws(() => c.providerCreate(D00, { name: 'x', type: 'github', credentials: {} }), /declares no credentials/);
    assert.deepStrictEqual(c.providerCreate(D01, { name: 'x', type: 'policy-only', credentials: {} }).args, ['provider', 'create', '--name', 'x', '--type', 'policy-only']);
  });

  it('update: sets by bare key, removes with KEY=, never sends an empty value to set', () => {
    const cmd = c.providerUpdate({ name: 'p', setCredentials: { TOKEN: 'v1' }, removeCredentials: ['OLD'], setConfig: { B: '2' }, removeConfig: ['A'] });
    assert.deepStrictEqual(cmd.args, ['provider', 'update', '--credential', 'TOKEN', '--credential', 'OLD=', '--config', 'B=2', '--config', 'A=', 'p']);
    assert.deepStrictEqual(cmd.env, { TOKEN: 'v1' });
    assert.throws(() => c.providerUpdate({ name: 'p', setCredentials: { TOKEN: '' } }), /would delete the key/);
    assert.throws(() => c.providerUpdate({ name: 'p', setConfig: { A: '' } }), /would delete the key/);
  });

  it('a name with shell metacharacters stays one argument', () => {
    assert.deepStrictEqual(c.providerDelete(D00, ['x$(touch pwned)', 'a;b']).args, ['provider', 'delete', 'x$(touch pwned)', 'a;b']);
  });

  it('a name or key starting with "-" is never read as a flag', () => {
    assert.deepStrictEqual(c.providerCreate(D01, { name: '-x', type: 'github', credentials: { '-K': 'v' } }).args,
      ['provider', 'create', '--name=-x', '--type', 'github', '--credential=-K']);
    assert.deepStrictEqual(c.providerUpdate({ name: '-x', setConfig: { A: '1' } }).args, ['provider', 'update', '--config', 'A=1', '--', '-x']);
    assert.deepStrictEqual(c.providerDelete(D01, ['a', '-x']).args, ['provider', 'delete', '--', 'a', '-x']);
    assert.deepStrictEqual(c.providerGet('-x').args, ['provider', 'get', '--', '-x']);
  });

  it('delete parses each name: deleted vs not found (exit 0 either way), both dialects', () => {
    const out = '\x1b[1m\x1b[32m✓\x1b[39m\x1b[0m Deleted provider a\n\x1b[33m!\x1b[39m Provider b not found\n';
    assert.deepStrictEqual(c.providerDelete(D00, ['a', 'b']).parse(out), { deleted: ['a'], notFound: ['b'], failed: [] });
    const sb = '\x1b[1m\x1b[32m✓\x1b[39m\x1b[0m Deleted sandbox fs-a\n\x1b[33m!\x1b[39m Sandbox fs-b not found\n';
    assert.deepStrictEqual(c.sandboxDelete(D00, ['fs-a', 'fs-b']).parse(sb), { deleted: ['fs-a'], notFound: ['fs-b'], failed: [] });
    const sb01 = '✓ Deleted sandbox fs-a\n✓ Sandbox fs-b already deleted\n✓ Sandbox fs-c deletion accepted; cleanup is pending\n';
    assert.deepStrictEqual(c.sandboxDelete(D01, ['fs-a', 'fs-b', 'fs-c']).parse(sb01), { deleted: ['fs-a', 'fs-c'], notFound: ['fs-b'], failed: [], pending: ['fs-c'] });
    assert.deepStrictEqual(c.profileDelete(D01, 'p').parse('! Provider profile p not found\n'), { deleted: [], notFound: ['p'], failed: [] });
    assert.deepStrictEqual(c.profileDelete(D00, 'p').parse("Deleted provider profile 'p'.\n"), { deleted: ['p'], notFound: [], failed: [] });
  });

  it('lists page per dialect: 0.0 --limit/--offset over an array, 0.1 --page-size/--page-token over an envelope', () => {
    assert.deepStrictEqual(c.providerListPage(D00).args, ['provider', 'list', '-o', 'json', '--limit', '1000']);
    assert.deepStrictEqual(c.providerListPage(D00, '1000').args, ['provider', 'list', '-o', 'json', '--limit', '1000', '--offset', '1000']);
    assert.deepStrictEqual(c.providerListPage(D01).args, ['provider', 'list', '-o', 'json', '--page-size', '1000']);
    assert.deepStrictEqual(c.sandboxListPage(D01, 'tok').args, ['sandbox', 'list', '-o', 'json', '--page-size', '1000', '--page-token', 'tok']);
    const one = (i: number) => ({ id: `id${i}`, name: `p${i}`, type: 't', workspace: 'default', credential_keys: [] });
    assert.deepStrictEqual(c.providerListPage(D00).parse(JSON.stringify([one(1)])).next, '');
    const full = c.providerListPage(D00, '1000').parse(JSON.stringify(Array.from({ length: 1000 }, (_, i) => one(i))));
    assert.strictEqual(full.next, '2000');
    const env = c.providerListPage(D01).parse(JSON.stringify({ next_page_token: 'abc', providers: [{ ...one(1), unknown_field: { x: 1 }, created_at: '2009-02-13 23:31:30' }] }));
    assert.deepStrictEqual(env, { next: 'abc', items: [{ ...one(1), created_at: '2009-02-13 23:31:30' }] });
  });

  it('lists parse defensively: missing optional fields tolerated, malformed or truncated JSON and wrong shapes are errors', () => {
    assert.deepStrictEqual(c.providerListPage(D01).parse('{"providers":[{"name":"n"}]}').items, [{ id: '', name: 'n', type: '', workspace: '', credential_keys: [] }]);
    assert.throws(() => c.providerListPage(D01).parse('{"providers":[{"name":"n"'), /malformed or cut short/);
    assert.throws(() => c.providerListPage(D01).parse(''), /printed nothing/);
    assert.throws(() => c.providerListPage(D01).parse('{"sandboxes":[]}'), /expected a list or an object with a "providers" list/);
    assert.throws(() => c.providerListPage(D01).parse('{"providers":[{"id":"x"}]}'), /has no name/);
    assert.throws(() => c.providerListPage(D01).parse('{"providers":[],"next_page_token":5}'), /not a string/);
    assert.throws(() => c.settingsGet().parse('[]'), /expected a JSON object/);
    assert.deepStrictEqual(c.listProfiles().parse('[{"id":"a","source":"user"}]'), [{ id: 'a', source: 'user' }]);
  });

  it('settings set always passes --yes', () => {
    assert.deepStrictEqual(c.settingsSet('providers_v2_enabled', 'true').args,
      ['settings', 'set', '--global', '--key', 'providers_v2_enabled', '--value', 'true', '--yes']);
  });

  it('version takes the last field and strips a leading v', () => {
    assert.strictEqual(c.version().parse('openshell 0.0.111\n'), '0.0.111');
    assert.strictEqual(c.version().parse('openshell v0.0.112-dev.7+g2f7fb6559\n'), '0.0.112-dev.7+g2f7fb6559');
  });

  it('provider get parses the text block', () => {
    const out = '\x1b[1m\x1b[36mProvider:\x1b[39m\x1b[0m\n\n  \x1b[2mId:\x1b[0m 9a3c\n  \x1b[2mName:\x1b[0m my-gh\n  \x1b[2mType:\x1b[0m github\n  \x1b[2mResource version:\x1b[0m 3\n  \x1b[2mCredential keys:\x1b[0m A, GITHUB_TOKEN\n  \x1b[2mConfig keys:\x1b[0m <none>\n';
    assert.deepStrictEqual(c.providerGet('my-gh').parse(out), { id: '9a3c', name: 'my-gh', type: 'github', resourceVersion: 3, credentialKeys: ['A', 'GITHUB_TOKEN'], configKeys: [] });
  });

  it('network commands are marked for -g; local ones are not', () => {
    assert.strictEqual(c.providerListPage(D01).network, true);
    assert.strictEqual(c.status().network, true);
    assert.strictEqual(c.gatewayList().network, false);
    assert.strictEqual(c.version().network, false);
  });

  it('normalizes provider types like each CLI does: 0.0 aliases, 0.1 none (import-only profiles)', () => {
    assert.strictEqual(normalizeProviderType('gh', '0.0'), 'github');
    assert.strictEqual(normalizeProviderType('GitHub', '0.0'), 'github');
    assert.strictEqual(normalizeProviderType('claude_code', '0.0'), 'claude-code');
    assert.strictEqual(normalizeProviderType('vertex', '0.0'), 'google-vertex-ai');
    assert.strictEqual(normalizeProviderType('fullsend-github-code', '0.0'), 'fullsend-github-code');
    assert.strictEqual(normalizeProviderType('gh', '0.1'), 'gh');
    assert.strictEqual(normalizeProviderType('GitHub', '0.1'), 'GitHub');
  });
});

describe('openshell/redact', () => {
  it('hides every registered value, longest first, including its escaped form', () => {
    const r = new Redactor();
    r.add('abc123', 'abc123XYZ', 'with"quote', '', '   ', undefined);
    assert.strictEqual(r.redact('a abc123XYZ b abc123 c'), 'a *** b *** c');
    assert.strictEqual(r.redact('message: "with\\"quote"'), 'message: "***"');
  });
  it('treats regex metacharacters literally', () => {
    const r = new Redactor();
    r.add('a.b*c');
    assert.strictEqual(r.redact('a.b*c axbbbc'), '*** axbbbc');
  });
  it('masks short values only where they stand alone', () => {
    const r = new Redactor();
    r.add('ab12', 'k9x2z');
    assert.strictEqual(r.redact('provider k=ab12 ab12 xab12 ab12x k9x2z'), 'provider k=*** *** xab12 ab12x ***');
  });
  it('ignores values under 4 characters: masking "1" or "off" would mangle exit codes and words', () => {
    const r = new Redactor();
    r.add('1', 'off', ' 12 ');
    assert.strictEqual(r.redact('exit 1, logging off, 12 calls'), 'exit 1, logging off, 12 calls');
  });
  it('is a no-op with nothing registered', () => {
    assert.strictEqual(new Redactor().redact('plain'), 'plain');
  });
  it('hides each line of a multi-line value, since logs and the run terminal are written line by line (#11 defect 8)', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\r\nBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END PRIVATE KEY-----\n';
    const r = new Redactor();
    r.add(pem);
    const log = pem.split(/\r?\n/).map((l) => `[code] ${l}`).join('\n');
    for (const secretLine of ['MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 'BKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj']) assert.ok(!r.redact(log).includes(secretLine), secretLine);
    assert.strictEqual(r.redact(`key=${pem}`), 'key=***');
  });
});
