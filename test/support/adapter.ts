// Builds the real openshell adapter (runner + client) pointed at a simulator, with a log that records
// every line, for tests that exercise the adapter end to end.
import { OpenShellClient } from '../../src/openshell/client';
import { Redactor } from '../../src/openshell/redact';
import { OpenShellRunner, type AdapterLog } from '../../src/openshell/runner';
import type { Sim } from './simulator';

export interface AdapterUnderTest {
  client: OpenShellClient;
  runner: OpenShellRunner;
  redactor: Redactor;
  /** Every log line the adapter wrote, `level: text`. */
  lines: string[];
}

export function adapterFor(sim: Sim, opts: { gateway?: string; timeoutMs?: number; executable?: string; env?: Record<string, string> } = {}): AdapterUnderTest {
  const lines: string[] = [];
  const at = (level: string) => (m: string) => { lines.push(`${level}: ${m}`); };
  const log: AdapterLog = { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  const redactor = new Redactor();
  const runner = new OpenShellRunner({
    locate: async () => ({ path: opts.executable ?? sim.bin, via: 'setting' }),
    gateway: () => opts.gateway,
    timeoutMs: () => opts.timeoutMs ?? 15000,
    log,
    redactor,
    baseEnv: sim.spawnEnv(opts.env),
  });
  return { client: new OpenShellClient(runner), runner, redactor, lines };
}
