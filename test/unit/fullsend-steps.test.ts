import * as assert from 'assert';
import { parseLine, RunFacts } from '../../src/fullsend/steps';
import { runArgs } from '../../src/fullsend/args';

// What fullsend's printer writes (internal/ui/ui.go formats), as a run prints it.
const TRANSCRIPT = [
  '⚡ fullsend v0.9.0',
  '  Autonomous agentic development for GitHub organizations',
  '',
  '→ Running agent: triage',
  '',
  '  • Checking openshell availability',
  '  ✓ openshell available (0.0s)',
  '  • Ensuring provider: github-ro',
  '  • Ensuring provider: vertex-ai',
  '  ✓ Provider ready: vertex-ai (0.4s)',
  '  ✓ Provider ready: github-ro (0.5s)',
  '  • Creating sandbox: fs-tri-0123456789ab',
  '  ✓ Sandbox created (3.1s)',
  '  ! Agent exited with code 2',
  '',
  '→ Results',
  '    Run directory: /tmp/fullsend/fs-tri-0123456789ab',
  '    Download directory: /tmp/fs-tri-0123456789ab (removed after run; use --keep-sandbox to retain)',
  '    Agent exit code: 2',
  '',
  '  • Collecting OpenShell logs',
  '  • Cleaning up sandbox',
  '  \x1b[38;2;16;185;129m✓ Sandbox deleted (0.2s)\x1b[0m',
];

describe('fullsend/steps', () => {
  it('reads the facts of a run from its output', () => {
    const facts = new RunFacts();
    for (const l of TRANSCRIPT) for (const e of parseLine(l)) facts.add(e);
    assert.strictEqual(facts.sandboxName, 'fs-tri-0123456789ab');
    assert.strictEqual(facts.runDir, '/tmp/fullsend/fs-tri-0123456789ab');
    assert.strictEqual(facts.agentExitCode, 2);
    assert.deepStrictEqual(facts.providersReady, ['vertex-ai', 'github-ro']);
    assert.strictEqual(facts.sandboxKept, false);
  });

  it('classifies printer marks, ANSI stripped', () => {
    assert.deepStrictEqual(parseLine('  • Ensuring provider: github-code'), [{ kind: 'step', text: 'Ensuring provider: github-code' }, { kind: 'ensuring-provider', name: 'github-code' }]);
    assert.deepStrictEqual(parseLine('  \x1b[32m✓ Provider ready: github-code (1.2s)\x1b[0m')[1], { kind: 'provider-ready', name: 'github-code' });
    assert.deepStrictEqual(parseLine('  ! Sandbox kept (--keep-sandbox): fs-cod-abcdef012345')[1], { kind: 'sandbox-kept', name: 'fs-cod-abcdef012345' });
    assert.deepStrictEqual(parseLine('  ! Run cancelled (iteration 1, 3.2s elapsed)')[1], { kind: 'cancelled', text: 'Run cancelled (iteration 1, 3.2s elapsed)' });
    assert.deepStrictEqual(parseLine('  ✗ Failed to create sandbox'), [{ kind: 'fail', text: 'Failed to create sandbox' }]);
    assert.deepStrictEqual(parseLine('→ Results'), [{ kind: 'header', text: 'Results' }]);
    assert.deepStrictEqual(parseLine('some agent chatter'), []);
  });

  it('builds fullsend run argv without a shell', () => {
    assert.deepStrictEqual(runArgs({ agent: 'triage', fullsendDir: '/w/a', targetRepo: '/w/t; rm -rf /', envFiles: ['a.env', 'b.env'], outputDir: '/o', keepSandbox: true, noPostScript: true }),
      ['run', 'triage', '--fullsend-dir', '/w/a', '--target-repo', '/w/t; rm -rf /', '--env-file', 'a.env', '--env-file', 'b.env', '--output-dir', '/o', '--keep-sandbox', '--no-post-script']);
  });
});
