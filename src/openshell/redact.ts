// Redaction by value, not by pattern: every secret value the process has handled is registered here,
// and every log line and error message passes through `redact` before anyone sees it.

const MASK = '***';
/** Shorter values are masked only where they stand alone, so a token like `v1` does not shred "provider". */
const ANYWHERE_MIN_LENGTH = 6;

export class Redactor {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | undefined;

  /** Registers values to hide. Blank values are ignored: there is nothing to hide in them. */
  add(...values: (string | undefined)[]): void {
    let grew = false;
    for (const v of values) {
      if (!v || !v.trim()) continue;
      // Also the forms the value takes inside quoted error texts (Rust Debug / JSON escaping).
      for (const form of [v, JSON.stringify(v).slice(1, -1)]) {
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
