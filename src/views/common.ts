// Small helpers the Fullsend trees share: escaped Markdown tooltips, coloured theme icons, message nodes
// (errors are a node with a warning icon and "Show Logs", never an empty view), ages.
import vscode = require('vscode');
import { createdAtMs } from '../openshell/types';

/**
 * Markdown-escapes text (every ASCII punctuation character a Markdown or HTML reading could act on), keeping
 * spaces as spaces so long messages still wrap (MarkdownString.appendText turns them into &nbsp;).
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&$:]/g, '\\$&').replace(/\r?\n/g, '\n\n');
}

/** A tooltip built from lines of (label, text) pairs; every text is escaped, never interpreted. */
export function tooltip(title: string, rows: readonly (readonly [string, string | undefined])[], note?: string): vscode.MarkdownString {
  const parts = [`**${escapeMarkdown(title)}**`];
  for (const [label, text] of rows) {
    if (text === undefined || text === '') continue;
    parts.push(label ? `${escapeMarkdown(label)}: ${escapeMarkdown(text)}` : escapeMarkdown(text));
  }
  if (note) parts.push('---', escapeMarkdown(note));
  const md = new vscode.MarkdownString(parts.join('\n\n'), false);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

export function icon(id: string, color?: string): vscode.ThemeIcon {
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

export const COLORS = {
  ok: 'testing.iconPassed',
  info: 'notificationsInfoIcon.foreground',
  warning: 'problemsWarningIcon.foreground',
  error: 'problemsErrorIcon.foreground',
  muted: 'disabledForeground',
  added: 'gitDecoration.addedResourceForeground',
  removed: 'gitDecoration.deletedResourceForeground',
} as const;

/** A message in a tree: an error (warning icon, "Show Logs" on click), a warning or a hint. */
export interface MessageNode {
  readonly kind: 'message';
  readonly id: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly label: string;
  readonly description?: string;
  /** Tooltip text (escaped); may hold the full error and what to do. */
  readonly detail?: string;
}

export function messageItem(node: MessageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = node.description;
  item.contextValue = `message.${node.severity}`;
  item.iconPath = node.severity === 'info' ? icon('info') : icon('warning', node.severity === 'error' ? COLORS.error : COLORS.warning);
  item.tooltip = tooltip(node.label, [['', node.detail]], node.severity === 'info' ? undefined : 'Click to show the Fullsend log.');
  if (node.severity !== 'info') item.command = { command: 'fullsend.showLogs', title: 'Show Logs' };
  return item;
}

/** "just now", "5 min ago", "3 h ago", "2 d ago". */
export function age(created: string | number | undefined, now = Date.now()): string | undefined {
  const t = typeof created === 'number' ? created : created ? Date.parse(created) : NaN;
  if (!Number.isFinite(t) || t <= 0) return undefined;
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 48 * 3600) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

export function createdAt(created: string | number | undefined): Date | undefined {
  const t = createdAtMs(created);
  return t === undefined ? undefined : new Date(t);
}

/** The first line of a message, shortened for a description. */
export function short(text: string, max = 80): string {
  const line = text.split('\n')[0];
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
