// argv for `fullsend run` (fullsend.md §2.1): one positional agent, the required --fullsend-dir and
// --target-repo, then optional flags. Built as an array — never a shell string.

export interface RunOptions {
  agent: string;
  fullsendDir: string;
  targetRepo: string;
  envFiles?: readonly string[];
  outputDir?: string;
  keepSandbox?: boolean;
  noPostScript?: boolean;
}

export function runArgs(o: RunOptions): string[] {
  const args = ['run', o.agent, '--fullsend-dir', o.fullsendDir, '--target-repo', o.targetRepo];
  for (const f of o.envFiles ?? []) args.push('--env-file', f);
  if (o.outputDir) args.push('--output-dir', o.outputDir);
  if (o.keepSandbox) args.push('--keep-sandbox');
  if (o.noPostScript) args.push('--no-post-script');
  return args;
}
