import * as assert from 'assert';
import { parseLine, progressText, RunFacts, sandboxSlug, type RunEvent } from '../../src/fullsend/steps';

// What today's fullsend prints (fullsend-current.md §6.2 formats, §6.3 order), as a codex run of an agent whose
// harness declares the built-in `openai` provider prints it. Teardown comes after Results.
const TRANSCRIPT = [
  '⚡ fullsend v0.9.0',
  '  Autonomous agentic development for Git-hosted organizations',
  '',
  '→ Running agent: triage',
  '',
  '  • Loading harness: harness/triage.yaml',
  '  ✓ Harness loaded (0.1s)',
  '    Agent: triage',
  '    Model: gpt-5 (from --model)',
  '    Effort: high (from --effort)',
  '    Runtime: codex (from --runtime)',
  '    Providers: vertex-ai, github-ro, openai',
  '',
  '  • Checking openshell availability',
  '  ✓ openshell available (0.0s)',
  '  • Importing profile: fullsend-vertex-ai',
  '  ✓ Profile imported: fullsend-vertex-ai (0.9s)',
  '    Provider "openai": using the definition shipped with fullsend (no providers/openai.yaml in the workspace)',
  '  • Importing provider profile: fullsend-openai',
  '  ✓ Provider profile ready: fullsend-openai (0.4s)',
  '  • Resolving OpenAI credential for provider: openai',
  '  ✓ OpenAI credential ready (static OPENAI_API_KEY)',
  '  • Ensuring run-scoped provider: openai-3f9c2a7b1d0e',
  '  ✓ Provider ready: openai-3f9c2a7b1d0e (static, expires in 1h0m0s, 0.3s)',
  '  • Ensuring provider: github-ro',
  '  • Ensuring provider: vertex-ai',
  '  ✓ Provider ready: vertex-ai (0.4s)',
  '  ✓ Provider ready: github-ro (0.5s)',
  '  • Creating sandbox: fs-tri-3f9c2a7b1d0e',
  '  ✓ Sandbox created (3.1s)',
  "    Waiting 11.9s for the sandbox's first policy poll (OpenShell #3809)",
  '  • Running agent',
  '  ⏳ Agent running (30s elapsed, 29m30s remaining)',
  '  ⚙ Read README.md',
  '  ! Agent exited with code 2',
  '',
  '→ Results',
  '    Run directory: /tmp/fullsend/fs-tri-3f9c2a7b1d0e',
  '    Download directory: /tmp/fs-tri-3f9c2a7b1d0e (removed after run; use --keep-sandbox to retain)',
  '    Agent exit code: 2',
  '    Agent runs: 1',
  '  • Collecting OpenShell logs',
  '  ✓ Collected 2 OpenShell log source(s) to /tmp/fullsend/fs-tri-3f9c2a7b1d0e/logs',
  '  • Cleaning up sandbox',
  '  \x1b[38;2;16;185;129m✓ Sandbox deleted (1.1s)\x1b[0m',
  '  ✓ Download directory removed: /tmp/fs-tri-3f9c2a7b1d0e',
  '  ✓ Run-scoped provider deleted: openai-3f9c2a7b1d0e',
];

/** A line as a TTY shows it: the whole line in one SGR style (lipgloss), or just the mark styled. */
const styled = (line: string) => `\x1b[38;2;16;185;129m${line}\x1b[0m`;
const markStyled = (line: string) => line.replace(/^( *)(→|•|✓|✗|!|⏳|⚙) /, '$1\x1b[1;32m$2\x1b[0m ');
const fold = (lines: readonly string[], agent = 'triage') => {
  const facts = new RunFacts({ agent });
  for (const l of lines) for (const e of parseLine(l)) facts.add(e);
  return facts;
};
/** The fact events of a line (its shape event dropped), plain and with ANSI both ways. */
const factsOf = (line: string): RunEvent[] => {
  const all = [line, styled(line), markStyled(line)].map((l) => parseLine(l).slice(1));
  assert.deepStrictEqual(all[1], all[0], `ANSI (whole line) changes the facts of ${JSON.stringify(line)}`);
  assert.deepStrictEqual(all[2], all[0], `ANSI (mark) changes the facts of ${JSON.stringify(line)}`);
  return all[0];
};

describe('fullsend/steps', () => {
  it('reads the facts of a run from its output, teardown after Results included', () => {
    const facts = fold(TRANSCRIPT);
    assert.strictEqual(facts.sandboxName, 'fs-tri-3f9c2a7b1d0e');
    assert.strictEqual(facts.sandboxNameDerived, false);
    assert.strictEqual(facts.runDir, '/tmp/fullsend/fs-tri-3f9c2a7b1d0e');
    assert.strictEqual(facts.agentExitCode, 2);
    assert.strictEqual(facts.resultsSeen, true);
    assert.deepStrictEqual(facts.providersReady, ['vertex-ai', 'github-ro'], 'the run-scoped instance is not a shared provider');
    assert.deepStrictEqual(facts.runScopedProviders, ['openai-3f9c2a7b1d0e']);
    assert.deepStrictEqual([...facts.runScoped], [['openai-3f9c2a7b1d0e', 'deleted']]);
    assert.deepStrictEqual(facts.runScopedLeft, []);
    assert.deepStrictEqual(facts.profilesImported, ['fullsend-vertex-ai']);
    assert.deepStrictEqual(facts.providerProfilesReady, ['fullsend-openai']);
    assert.strictEqual(facts.sandbox, 'cleaned-up');
    assert.deepStrictEqual(facts.failures, []);
  });

  it('Results is not the end: until the teardown lines come, the sandbox and the run-scoped provider are open', () => {
    const upToResults = TRANSCRIPT.slice(0, TRANSCRIPT.indexOf('    Agent runs: 1') + 1);
    const facts = fold(upToResults);
    assert.strictEqual(facts.resultsSeen, true);
    assert.strictEqual(facts.sandbox, 'unknown');
    assert.deepStrictEqual(facts.runScopedLeft, ['openai-3f9c2a7b1d0e']);
  });

  it('classifies every printer mark, and the mark-less 4-space info lines (ANSI stripped)', () => {
    const cases: [string, RunEvent][] = [
      ['→ Running agent: triage', { kind: 'header', text: 'Running agent: triage' }],
      ['  • Checking gateway', { kind: 'step', text: 'Checking gateway' }],
      ['  ✓ Gateway available (0.1s)', { kind: 'done', text: 'Gateway available (0.1s)' }],
      ['  ✗ Gateway not running', { kind: 'fail', text: 'Gateway not running' }],
      ['  ! No --mint-url provided; skipping token minting for role triage', { kind: 'warn', text: 'No --mint-url provided; skipping token minting for role triage' }],
      ['  ⏳ Agent running (1m0s elapsed, 29m0s remaining)', { kind: 'heartbeat', text: 'Agent running (1m0s elapsed, 29m0s remaining)' }],
      ['  ⚙ Bash: ls -la', { kind: 'tool', text: 'Bash: ls -la' }],
      ['    Base: https://example.invalid/base.yaml (cache hit)', { kind: 'info', text: 'Base: https://example.invalid/base.yaml (cache hit)' }],
      ['    Timeout: 30 minutes (default)', { kind: 'info', text: 'Timeout: 30 minutes (default)' }],
    ];
    for (const [line, shape] of cases) {
      for (const l of [line, styled(line), markStyled(line)]) assert.deepStrictEqual(parseLine(l)[0], shape, JSON.stringify(l));
    }
    assert.deepStrictEqual(parseLine('→ Results'), [{ kind: 'header', text: 'Results' }, { kind: 'results' }]);
    assert.deepStrictEqual(parseLine('some agent chatter'), []);
    assert.deepStrictEqual(parseLine(''), []);
    assert.deepStrictEqual(parseLine('Error: run cancelled (iteration 1): context canceled'), [{ kind: 'error', text: 'run cancelled (iteration 1): context canceled' }]);
  });

  describe('each line the extension keys on (fullsend-current.md §6.3), with and without ANSI', () => {
    const table: [string, RunEvent[]][] = [
      ['  • Creating sandbox: fs-cod-0123456789ab', [{ kind: 'sandbox', name: 'fs-cod-0123456789ab' }]],
      ['    Creating sandbox: fs-cod-0123456789ab', [{ kind: 'sandbox', name: 'fs-cod-0123456789ab' }]],
      ['    Run directory: /tmp/fullsend/fs-cod-0123456789ab', [{ kind: 'run-dir', path: '/tmp/fullsend/fs-cod-0123456789ab' }]],
      ['    Run directory: /home/me/my runs/fs-cod-0123456789ab', [{ kind: 'run-dir', path: '/home/me/my runs/fs-cod-0123456789ab' }]],
      ['  ! Sandbox kept (--keep-sandbox): fs-cod-abcdef012345', [{ kind: 'sandbox-kept', name: 'fs-cod-abcdef012345' }]],
      ['  • Cleaning up sandbox', [{ kind: 'cleanup' }]],
      ['  ✓ Sandbox deleted (1.1s)', [{ kind: 'sandbox-deleted' }]],
      ['  ! Sandbox cleanup failed: sandbox delete "fs-cod-abcdef012345" failed: exit status 1', [{ kind: 'sandbox-cleanup-failed', text: 'Sandbox cleanup failed: sandbox delete "fs-cod-abcdef012345" failed: exit status 1' }]],
      ['  • Ensuring run-scoped provider: openai-3f9c2a7b1d0e', [{ kind: 'run-scoped-provider', name: 'openai-3f9c2a7b1d0e', state: 'ensuring' }]],
      ['  ✓ Provider ready: openai-3f9c2a7b1d0e (static, expires in 1h0m0s, 0.3s)', [{ kind: 'provider-ready', name: 'openai-3f9c2a7b1d0e' }]],
      ['  ✓ Run-scoped provider deleted: openai-3f9c2a7b1d0e', [{ kind: 'run-scoped-provider', name: 'openai-3f9c2a7b1d0e', state: 'deleted' }]],
      ['  ✓ Run-scoped provider already gone: openai-3f9c2a7b1d0e', [{ kind: 'run-scoped-provider', name: 'openai-3f9c2a7b1d0e', state: 'gone' }]],
      ['  ! Run-scoped provider openai-3f9c2a7b1d0e expired in place instead of deleted (a kept sandbox still references it: provider in use)', [{ kind: 'run-scoped-provider', name: 'openai-3f9c2a7b1d0e', state: 'expired' }]],
      ['  ! Run-scoped provider openai-3f9c2a7b1d0e could not be deleted (boom); its credential was blanked', [{ kind: 'run-scoped-provider', name: 'openai-3f9c2a7b1d0e', state: 'left' }]],
      ['  • Ensuring provider: github-code', [{ kind: 'ensuring-provider', name: 'github-code' }]],
      ['  ✓ Provider ready: github-code (1.2s)', [{ kind: 'provider-ready', name: 'github-code' }]],
      ['  ✓ Profile imported: fullsend-vertex-ai (0.9s)', [{ kind: 'profile-imported', id: 'fullsend-vertex-ai' }]],
      ['  ✓ Provider profile ready: fullsend-github (0.4s)', [{ kind: 'provider-profile-ready', id: 'fullsend-github' }]],
      ["    Waiting 11.9s for the sandbox's first policy poll (OpenShell #3809)", [{ kind: 'waiting', text: "Waiting 11.9s for the sandbox's first policy poll (OpenShell #3809)" }]],
      ["    Waiting for the gateway to release the deleted sandbox's provider reference", [{ kind: 'waiting', text: "Waiting for the gateway to release the deleted sandbox's provider reference" }]],
      ['    Agent exit code: 0', [{ kind: 'agent-exit', code: 0, final: true }]],
      ['  ! Agent exited with code 3', [{ kind: 'agent-exit', code: 3, final: false }]],
      ['  ✓ Agent exited with code 0 (12.3s)', [{ kind: 'agent-exit', code: 0, final: false }]],
      ['  ! Run cancelled (iteration 1, 3.2s elapsed)', [{ kind: 'cancelled', text: 'Run cancelled (iteration 1, 3.2s elapsed)' }]],
      ['  ✗ Failed to create sandbox', []],
      ['  • Importing profile: fullsend-vertex-ai', []],
      ['    Download directory: /tmp/fs-cod-0123456789ab (removed after run; use --keep-sandbox to retain)', []],
    ];
    for (const [line, facts] of table) {
      it(JSON.stringify(line.trim()), () => assert.deepStrictEqual(factsOf(line), facts));
    }
  });

  it('a line is keyed on its text, not its mark: the same text with another mark (or none) states the same fact', () => {
    for (const line of ['Creating sandbox: fs-tri-0123456789ab', '  ✓ Creating sandbox: fs-tri-0123456789ab', '  ! Creating sandbox: fs-tri-0123456789ab']) {
      assert.deepStrictEqual(parseLine(line).filter((e) => e.kind === 'sandbox'), [{ kind: 'sandbox', name: 'fs-tri-0123456789ab' }], line);
    }
  });

  it('names the sandbox from a run-scoped provider suffix before `Creating sandbox:`, then takes the printed name', () => {
    const facts = new RunFacts({ agent: 'Code-Review' });
    for (const e of parseLine('  • Ensuring run-scoped provider: openai-3f9c2a7b1d0e')) facts.add(e);
    assert.strictEqual(facts.sandboxName, 'fs-cod-3f9c2a7b1d0e');
    assert.strictEqual(facts.sandboxNameDerived, true);
    assert.strictEqual(facts.sandbox, 'unknown');
    for (const e of parseLine('  • Creating sandbox: fs-cod-3f9c2a7b1d0e')) facts.add(e);
    assert.strictEqual(facts.sandboxNameDerived, false);
    // Without the agent there is no slug to name it with; without a 12-hex suffix no instance.
    const bare = new RunFacts();
    for (const e of parseLine('  • Ensuring run-scoped provider: openai-3f9c2a7b1d0e')) bare.add(e);
    assert.strictEqual(bare.sandboxName, undefined);
    assert.deepStrictEqual(bare.runScopedProviders, ['openai-3f9c2a7b1d0e']);
    assert.deepStrictEqual([sandboxSlug('triage'), sandboxSlug('a-b'), sandboxSlug('Q&A bot'), sandboxSlug('x1')], ['tri', 'unk', 'qab', 'unk']);
  });

  it('the sandbox fate: kept, cleanup failed, cleaned up, or unknown (killed mid-run)', () => {
    const upTo = (last: string) => TRANSCRIPT.slice(0, TRANSCRIPT.indexOf(last) + 1);
    const kept = fold([...upTo('    Agent runs: 1'), '  ! Sandbox kept (--keep-sandbox): fs-tri-3f9c2a7b1d0e', '    openshell sandbox exec --tty --name fs-tri-3f9c2a7b1d0e -- bash',
      '  ! Run-scoped provider openai-3f9c2a7b1d0e expired in place instead of deleted (a kept sandbox still references it: attached)']);
    assert.deepStrictEqual([kept.sandbox, kept.sandboxKept, kept.runScopedLeft, kept.runScoped.get('openai-3f9c2a7b1d0e')], ['kept', true, ['openai-3f9c2a7b1d0e'], 'expired']);
    const failed = fold([...upTo('  • Cleaning up sandbox'), '  ! Sandbox cleanup failed: sandbox delete "fs-tri-3f9c2a7b1d0e" failed: unavailable', '  ✓ Run-scoped provider already gone: openai-3f9c2a7b1d0e']);
    assert.deepStrictEqual([failed.sandbox, failed.runScopedLeft], ['cleanup-failed', []]);
    const killed = fold(upTo('  • Running agent'));
    assert.deepStrictEqual([killed.sandbox, killed.resultsSeen, killed.agentExitCode, killed.runScopedLeft], ['unknown', false, undefined, ['openai-3f9c2a7b1d0e']]);
    assert.strictEqual(fold(['→ Running agent: triage', '  ✗ Invalid --forge flag']).sandbox, undefined, 'no sandbox named, no fate');
  });

  it('a cancelled run: Run cancelled, its teardown, and the final Error on stderr', () => {
    const facts = fold([...TRANSCRIPT.slice(0, TRANSCRIPT.indexOf('  • Running agent') + 1), '  ! Run cancelled (iteration 1, 4.0s elapsed)',
      '  • Cleaning up sandbox', '  ✓ Sandbox deleted (0.3s)', '  ✓ Run-scoped provider deleted: openai-3f9c2a7b1d0e', 'Error: run cancelled (iteration 1): context canceled']);
    assert.deepStrictEqual([facts.cancelled, facts.sandbox, facts.runScopedLeft, facts.error], [true, 'cleaned-up', [], 'run cancelled (iteration 1): context canceled']);
  });

  it('progress: steps, headers, heartbeats and the policy-poll wait; not facts, info or tool lines', () => {
    const texts = TRANSCRIPT.flatMap((l) => parseLine(l)).map(progressText).filter(Boolean);
    assert.ok(texts.includes("Waiting 11.9s for the sandbox's first policy poll (OpenShell #3809)"), texts.join('\n'));
    assert.ok(texts.includes('Agent running (30s elapsed, 29m30s remaining)'));
    assert.ok(texts.includes('Ensuring run-scoped provider: openai-3f9c2a7b1d0e'));
    assert.ok(!texts.includes('Read README.md') && !texts.some((t) => t!.startsWith('Run directory')));
  });
});
