// Finds an executable the way a user expects even when VS Code was started from a desktop menu with a
// short PATH: the setting (a name or a path), then PATH, then the usual install folders.
import { promises as fs, constants } from 'fs';
import os = require('os');
import path = require('path');
import { OpenShellError } from './errors';

export interface Located {
  path: string;
  via: 'setting' | 'PATH' | 'common location';
}

export interface LocateOptions {
  /** The setting's name, for messages (e.g. `fullsend.openshellPath`). */
  settingName: string;
  envPath?: string;
  home?: string;
  platform?: NodeJS.Platform;
}

export function commonInstallDirs(home = os.homedir()): string[] {
  return [path.join(home, '.local', 'bin'), '/usr/local/bin', '/opt/homebrew/bin'];
}

export async function locateExecutable(configured: string, opts: LocateOptions): Promise<Located> {
  const value = configured.trim();
  const home = opts.home ?? os.homedir();
  const platform = opts.platform ?? process.platform;
  const expanded = value.startsWith('~/') ? path.join(home, value.slice(2)) : value;

  // An explicit path is taken at its word: silently running some other binary would hide the typo.
  if (expanded.includes('/') || (platform === 'win32' && expanded.includes('\\'))) {
    // A relative one would resolve against the extension host's working directory, which nobody chose.
    if (!path.isAbsolute(expanded)) {
      throw new OpenShellError('NotInstalled', `${expanded} (from the ${opts.settingName} setting) is a relative path, which would depend on the editor's working directory. Use an absolute path (or ~/…), or a bare name to search PATH.`);
    }
    if (await isExecutable(expanded)) return { path: expanded, via: 'setting' };
    throw new OpenShellError('NotInstalled',
      `${expanded} (from the ${opts.settingName} setting) does not exist or is not executable. Fix the setting, or clear it to search PATH.`);
  }

  const name = value || path.basename(opts.settingName.replace(/Path$/, '').split('.').pop()!);
  const names = platform === 'win32' ? [name, `${name}.exe`, `${name}.cmd`] : [name];
  // Relative PATH entries (`.`, `bin`) would also mean the editor's working directory: skipped.
  const pathDirs = (opts.envPath ?? process.env.PATH ?? '').split(path.delimiter).filter((d) => d && path.isAbsolute(d));
  for (const dir of pathDirs) {
    for (const n of names) if (await isExecutable(path.join(dir, n))) return { path: path.join(dir, n), via: 'PATH' };
  }
  const common = commonInstallDirs(home);
  for (const dir of common) {
    for (const n of names) if (await isExecutable(path.join(dir, n))) return { path: path.join(dir, n), via: 'common location' };
  }
  throw new OpenShellError('NotInstalled',
    `${name} was not found on PATH nor in ${common.join(', ')}. Install it, or set ${opts.settingName} to its full path.`);
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) return false;
    await fs.access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
