// Finds fullsend dirs among workspace folders (ARCHITECTURE §6). A marker file is only a hint — the
// `workspaceContains:` activation events fire on it — so each candidate is confirmed by its content.
import { promises as fs } from 'fs';
import path = require('path');
import { readYamlObject } from './yamlFile';

export type FullsendDirKind = 'per-repo' | 'agents-repo';

export interface FullsendDir {
  /** The workspace folder the dir was found in. */
  folder: string;
  /** The value for `--fullsend-dir`: `<folder>/.fullsend` or the folder itself. */
  dir: string;
  kind: FullsendDirKind;
}

export async function findFullsendDirs(folders: readonly string[]): Promise<FullsendDir[]> {
  const found = await Promise.all(folders.map(detectFullsendDirs));
  return found.flat();
}

/**
 * The fullsend dirs of one folder. A folder can hold both kinds — the real fullsend-ai/agents repository ships
 * a `.fullsend/config.yaml` for its own automation next to its agents — and then both are offered, the agents
 * repo first: its agents run with `--fullsend-dir` at the folder itself, as its evals do.
 */
export async function detectFullsendDirs(folder: string): Promise<FullsendDir[]> {
  const [agentsRepo, perRepo] = await Promise.all([isAgentsRepo(folder), isMarker(path.join(folder, '.fullsend', 'config.yaml'))]);
  const dirs: FullsendDir[] = [];
  if (agentsRepo) dirs.push({ folder, dir: folder, kind: 'agents-repo' });
  // Per-repo install (ADR 0033); this also covers the fullsend source repo.
  if (perRepo) dirs.push({ folder, dir: path.join(folder, '.fullsend'), kind: 'per-repo' });
  return dirs;
}

/** The folder's first fullsend dir (see detectFullsendDirs for the order). */
export async function detectFullsendDir(folder: string): Promise<FullsendDir | undefined> {
  return (await detectFullsendDirs(folder))[0];
}

/** `config.yaml` with `version: "1"` and `agents:`, or harness files that fullsend would discover. */
async function isAgentsRepo(folder: string): Promise<boolean> {
  // Unreadable, refused (safeRead: not a regular file, too large, outside the folder) or malformed files are simply
  // not confirmation; the workspace model reports them with file and line.
  const config = await readYamlObject(path.join(folder, 'config.yaml'), folder);
  if (config && String(config.version) === '1' && 'agents' in config) return true;
  const harnessDir = path.join(folder, 'harness');
  const names = await fs.readdir(harnessDir).catch(() => [] as string[]);
  for (const name of names.filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const h = await readYamlObject(path.join(harnessDir, name), folder);
    // fullsend's harness.DiscoverAgents skips files where both role and slug are empty.
    if (h && h.agent && (h.role || h.slug)) return true;
  }
  return false;
}

/**
 * `.fullsend/config.yaml` is there (symlinks followed; nothing is opened). Anything but a directory counts — a
 * device, a FIFO, a file outside the folder — so that the workspace model reports what is wrong with it instead
 * of the folder silently not being a fullsend dir.
 */
async function isMarker(file: string): Promise<boolean> {
  return fs.stat(file).then((s) => !s.isDirectory(), () => false);
}
