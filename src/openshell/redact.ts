// Redaction by value, not by pattern: every secret value the process has handled is registered here,
// and every log line and error message passes through `redact` before anyone sees it.

const MASK = '***';
/**
 * Values this short are not secrets anyone could rely on, and masking them ("1", "off", "200") would mangle
 * exit codes, counts and words in every message; they are not registered.
 */
const MIN_LENGTH = 4;
/** Shorter values are masked only where they stand alone, so a token like `ab12` does not shred "xab12". */
const ANYWHERE_MIN_LENGTH = 6;

export class Redactor {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | undefined;

  /** Registers values to hide. Blank and very short values (< MIN_LENGTH) are ignored. */
  add(...values: (string | undefined)[]): void {
    let grew = false;
    for (const v of values) {
      if (!v || v.trim().length < MIN_LENGTH) continue;
      // Also the forms the value takes inside quoted error texts (Rust Debug / JSON escaping), and — for a
      // multi-line value (a PEM key, a service-account JSON) — each of its lines, since logs and terminals
      // are written line by line.
      const lines = /[\r\n]/.test(v) ? v.split(/\r?\n|\r/).map((l) => l.trim()).filter((l) => l.length >= MIN_LENGTH) : [];
      for (const form of [v, JSON.stringify(v).slice(1, -1), ...lines]) {
        if (!this.secrets.has(form)) { this.secrets.add(form); grew = true; }
      }
    }
    if (grew) this.pattern = undefined;
  }

  redact(text: string): string {
    if (this.secrets.size === 0 || !text) return text;
    this.pattern ??= new RegExp(
      [...this.secrets]
        .sort((a, b) => b.length - a.length)
        .map((v) => (v.length >= ANYWHERE_MIN_LENGTH ? escapeRegExp(v) : `(?<![A-Za-z0-9_])${escapeRegExp(v)}(?![A-Za-z0-9_])`))
        .join('|'),
      'g',
    );
    return text.replace(this.pattern, MASK);
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
