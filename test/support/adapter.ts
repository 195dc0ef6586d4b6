// Builds the real openshell adapter (runner + client) pointed at a simulator, with a log that records
// every line, for tests that exercise the adapter end to end.
import { OpenShellClient } from '../../src/openshell/client';
import { Redactor } from '../../src/openshell/redact';
import { OpenShellRunner, type AdapterLog } from '../../src/openshell/runner';
import * as fs from 'fs';
import * as path from 'path';
import type { Sim } from './simulator';

export interface AdapterUnderTest {
  client: OpenShellClient;
  runner: OpenShellRunner;
  redactor: Redactor;
  /** Every log line the adapter wrote, `level: text`. */
  lines: string[];
}

export interface AdapterOptions {
  gateway?: string;
  timeoutMs?: number;
  executable?: string;
  env?: Record<string, string>;
  /** What `--version` prints instead of the simulator's line (a wrapper script answers it; everything else is the simulator). */
  versionOutput?: string;
}

export function adapterFor(sim: Sim, opts: AdapterOptions = {}): AdapterUnderTest {
  const lines: string[] = [];
  const at = (level: string) => (m: string) => { lines.push(`${level}: ${m}`); };
  const log: AdapterLog = { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  const redactor = new Redactor();
  // Written once: the runner reads --version again whenever the executable's file changes.
  const executable = opts.executable ?? (opts.versionOutput !== undefined ? versionWrapper(sim, opts.versionOutput) : sim.bin);
  const runner = new OpenShellRunner({
    locate: async () => ({ path: executable, via: 'setting' }),
    gateway: () => opts.gateway,
    timeoutMs: () => opts.timeoutMs ?? 15000,
    log,
    redactor,
    baseEnv: sim.spawnEnv(opts.env),
  });
  return { client: new OpenShellClient(runner), runner, redactor, lines };
}

/** An executable that prints `output` for `--version` and runs the simulator for anything else. */
function versionWrapper(sim: Sim, output: string): string {
  const file = path.join(sim.root, 'openshell-version-wrapper');
  fs.writeFileSync(`${file}.out`, output);
  fs.writeFileSync(file, `#!/bin/sh\nif [ "$1" = "--version" ]; then cat ${JSON.stringify(`${file}.out`)}; exit 0; fi\nexec ${JSON.stringify(sim.bin)} "$@"\n`, { mode: 0o755 });
  return file;
}
