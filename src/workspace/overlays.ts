// `overlays:` (ADR 0088): each entry whose CEL `when:` is true is merged in declaration order. The variables
// are fullsend's (HRN forge.go@937e9fd4): `event` (the normalized event, `{}` for a local run without
// --event-file), `runtime.forge` (the --forge platform) and `config` (BuildConfigMap). An evaluation error
// is treated as no match, as fullsend does, and reported so the user sees why an overlay did not apply.
import { evaluate } from '@marcbachmann/cel-js';
import type { Diagnostics } from './diagnostics';
import type { OverlayEntry } from './harness';

export interface OverlayVars {
  event: Record<string, unknown>;
  runtime: { forge: string };
  config: Record<string, unknown>;
}

export async function matchingOverlays(overlays: readonly OverlayEntry[], vars: OverlayVars, d: Diagnostics): Promise<OverlayEntry[]> {
  const out: OverlayEntry[] = [];
  for (const o of overlays) {
    let result: unknown;
    try {
      result = evaluate(o.when, vars as unknown as Record<string, unknown>);
    } catch (err) {
      // A missing key (`config.tracker` with no tracker configured) is the ordinary "not this setup" case.
      const text = `${o.field}.when: CEL evaluation failed, so fullsend treats it as no match: ${firstLine(err)}`;
      if (/^No such key/.test(firstLine(err))) d.info(o.at, text);
      else d.warn(o.at, text);
      continue;
    }
    if (result === true) out.push(o);
    else if (typeof result !== 'boolean') d.warn(o.at, `${o.field}.when: the condition is not a boolean, so it never matches`);
  }
  return out;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}
