// In-host access to the world scripts/integration-world.mjs prepared: the simulator opened on the existing
// home (createSim attaches to an existing root and never removes a root it did not create), reseeding to
// the demo gateway, and the fake secrets the host environment carries.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import * as vscode from 'vscode';
import { ROOT } from '../support/paths';
import { sim as simApi, type Sim, type GatewayState } from '../support/simulator';

export const GATEWAY = 'openshell';
export const EXT_ID = 'fullsend.fullsend-vscode';
export const SECRET_VARS = ['GH_TOKEN', 'JIRA_API_TOKEN'] as const;

export interface Api { ready: Promise<void>; logFile: string; fullsendDirs(): { folder: string; dir: string; kind: string }[] }

let opened: Sim | undefined;

export function sim(): Sim {
  if (!opened) {
    opened = simApi.createSim({ root: path.join(process.env.FULLSEND_TEST_TMP!, 'sim') });
    assert.strictEqual(opened.home, process.env.OPENSHELL_SIM_HOME, 'the host must share the world\'s simulator home');
  }
  return opened;
}

/** The secret values the host environment supplies (fake, recognisable). */
export function secretValues(): string[] {
  return SECRET_VARS.map((v) => {
    const value = process.env[v];
    assert.ok(value && value.includes('itest_secret_value'), `${v} must be set by scripts/integration-world.mjs`);
    return value;
  });
}

/** Back to the demo gateway of integration-world.mjs, knobs off. */
export async function reseed(): Promise<void> {
  const world = await import(pathToFileURL(path.join(ROOT, 'scripts/integration-world.mjs')).href) as { seedDemoGateway(s: Sim): void };
  const s = sim();
  s.setKnobs({ gatewayDown: null, fail: null, latencyMs: null });
  s.clear(GATEWAY);
  world.seedDemoGateway(s);
}

export async function api(): Promise<Api> {
  const ext = vscode.extensions.getExtension(EXT_ID)!;
  const a = (await ext.activate()) as Api;
  await a.ready;
  return a;
}

export const state = (): GatewayState => sim().state(GATEWAY);
export const providerNames = (st = state()): string[] => st.providers.map((p) => p.name).sort();
export const sandboxNames = (st = state()): string[] => st.sandboxes.map((b) => b.name).sort();
export const provider = (name: string, st = state()) => st.providers.find((p) => p.name === name);

/** Every error message a test saw, checked for secrets at the end of the run. */
export const seenErrors: string[] = [];

export function run<T>(command: string, options?: unknown): Promise<T> {
  return Promise.resolve(vscode.commands.executeCommand<T>(command, options));
}

/** The rejection of a command that must fail (recorded for the redaction check). */
export async function failure(command: string, options?: unknown): Promise<Error> {
  try {
    await run(command, options);
  } catch (err) {
    assert.ok(err instanceof Error, `${command} rejected with a non-Error: ${String(err)}`);
    seenErrors.push(err.message);
    return err;
  }
  throw new Error(`${command} was expected to fail`);
}

/** Calls made after `mark` (an index into the call log). */
export function callsSince(mark: number): ReturnType<Sim['calls']> {
  return sim().calls().slice(mark);
}

export const WRITES = new Set(['provider create', 'provider update', 'provider delete', 'provider profile import', 'provider profile update',
  'provider profile delete', 'settings set', 'settings delete', 'sandbox delete']);

/** Waits until a file contains `needle` (the log channel writes asynchronously). */
export async function fileContaining(file: string, needle: string, timeoutMs = 10000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (text.includes(needle)) return text;
    if (Date.now() > deadline) throw new Error(`${file} never contained ${JSON.stringify(needle)}; it has ${text.length} characters`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Polls `probe` until it returns something truthy, or fails after `timeoutMs` naming what it waited for. */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
