// The terminal a run shows in: a Pseudoterminal fed with fullsend's raw output (colours and all), plus the
// extension's own lines (pre-flight, Ensure, the end) set apart in dim text. Closing the terminal, or
// terminating its task, or Ctrl+C in it, asks the run to stop (SIGINT, then SIGTERM: process.ts).
import vscode = require('vscode');

const DIM = '\x1b[2m';
const RED = '\x1b[31m';
const YELLOW = '\x1b[33m';
const RESET = '\x1b[0m';

export class RunTerminal implements vscode.Pseudoterminal {
  private readonly writes = new vscode.EventEmitter<string>();
  private readonly closes = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writes.event;
  readonly onDidClose = this.closes.event;
  /** What was written before VS Code opened the terminal (events fired before `open` are dropped). */
  private pending: string[] | undefined = [];
  private closed = false;
  private readonly opened: Promise<void>;
  private markOpened!: () => void;

  constructor(private readonly handlers: {
    /** VS Code opened the terminal: the run may start. */
    onOpen(): void;
    /** The user closed the terminal, terminated the task or pressed Ctrl+C. */
    onStop(reason: 'closed' | 'interrupt'): void;
  }) {
    this.opened = new Promise((resolve) => { this.markOpened = resolve; });
  }

  /** Resolves once VS Code has opened the terminal. */
  whenOpen(): Promise<void> {
    return this.opened;
  }

  open(): void {
    const queued = this.pending ?? [];
    this.pending = undefined;
    for (const text of queued) this.writes.fire(text);
    this.markOpened();
    this.handlers.onOpen();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.handlers.onStop('closed');
  }

  handleInput(data: string): void {
    if (data.includes('\x03')) {
      this.note('Ctrl+C: stopping the run (SIGINT; fullsend cleans up its sandbox)…');
      this.handlers.onStop('interrupt');
    }
  }

  /** fullsend's output as it comes; line ends become the CR LF a terminal needs. */
  raw(chunk: string): void {
    this.emit(chunk.replace(/\r?\n/g, '\r\n'));
  }

  /** One of the extension's own lines. */
  note(line: string): void {
    this.emit(`${DIM}${crlf(line)}${RESET}\r\n`);
  }

  warn(line: string): void {
    this.emit(`${YELLOW}${crlf(line)}${RESET}\r\n`);
  }

  error(line: string): void {
    this.emit(`${RED}${crlf(line)}${RESET}\r\n`);
  }

  /** Ends the task with this exit code (the terminal stays until the user dismisses it). */
  exit(code: number): void {
    if (this.closed) return;
    this.closed = true;
    if (this.pending) {
      // Never opened: nothing to show, but the task system still waits for the close.
      this.pending = undefined;
    }
    this.closes.fire(code);
  }

  dispose(): void {
    this.writes.dispose();
    this.closes.dispose();
  }

  private emit(text: string): void {
    if (this.closed) return;
    if (this.pending) this.pending.push(text);
    else this.writes.fire(text);
  }
}

const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');
