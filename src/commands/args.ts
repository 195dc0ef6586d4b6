// What a command was called with. Every gateway command accepts (ARCHITECTURE §4):
//   - nothing (palette, status bar): it asks with a QuickPick;
//   - an options object (programmatic): `{name, names, folder, confirm, dryRun, reensure}`;
//   - a tree node: any object with `name: string` and optionally `folder`/`dir` (the fullsend dir it
//     belongs to); with a multi-selection VS Code passes the clicked node and the selected nodes;
//   - a bare name or an array of names.
// Unknown fields are ignored; fields of the wrong type are an error naming the command.

export interface CommandOptions {
  names?: string[];
  folder?: string;
  /** false skips modal confirmations (programmatic callers). Default true. */
  confirm: boolean;
  dryRun?: boolean;
  reensure?: boolean;
  /** Delete Sandbox: also a sandbox a run in progress uses (ARCHITECTURE §4). */
  force?: boolean;
}

export function readOptions(command: string, arg: unknown, selection?: unknown): CommandOptions {
  const opts: CommandOptions = { confirm: true };
  if (arg === undefined || arg === null) return opts;
  if (typeof arg === 'string') return { ...opts, names: [arg] };
  if (Array.isArray(arg)) return { ...opts, names: arg.map((a) => nameOf(command, a)) };
  if (typeof arg !== 'object') throw new Error(`${command}: expected an options object, got ${typeof arg}`);

  const o = arg as Record<string, unknown>;
  const bool = (k: string) => {
    if (o[k] === undefined) return undefined;
    if (typeof o[k] !== 'boolean') throw new Error(`${command}: option '${k}' must be true or false`);
    return o[k] as boolean;
  };
  const folder = o.folder ?? o.dir;
  if (folder !== undefined && typeof folder !== 'string') throw new Error(`${command}: option 'folder' must be a path`);
  if (folder) opts.folder = folder;
  if (bool('confirm') === false) opts.confirm = false;
  const dryRun = bool('dryRun');
  if (dryRun !== undefined) opts.dryRun = dryRun;
  const reensure = bool('reensure');
  if (reensure !== undefined) opts.reensure = reensure;
  if (bool('force')) opts.force = true;

  const names: string[] = [];
  if (o.name !== undefined) names.push(nameOf(command, o.name));
  if (o.names !== undefined) {
    if (!Array.isArray(o.names)) throw new Error(`${command}: option 'names' must be an array of names`);
    names.push(...o.names.map((n) => nameOf(command, n)));
  }
  // A tree multi-selection: the clicked node plus every selected one.
  if (Array.isArray(selection) && selection.length > 1) {
    for (const s of selection) if (s && typeof s === 'object' && typeof (s as { name?: unknown }).name === 'string') names.push((s as { name: string }).name);
  }
  if (names.length || o.names !== undefined) opts.names = [...new Set(names)];
  return opts;
}

function nameOf(command: string, v: unknown): string {
  if (typeof v === 'string' && v.trim()) return v.trim();
  if (v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string') return (v as { name: string }).name;
  throw new Error(`${command}: a name must be a non-empty string`);
}
