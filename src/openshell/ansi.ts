// openshell writes SGR codes even when piped (owo-colors ignores NO_COLOR), so every text output is stripped.
// eslint-disable-next-line no-control-regex
const SGR = /\x1b\[[0-9;]*m/g;

export function stripAnsi(text: string): string {
  return text.replace(SGR, '');
}
