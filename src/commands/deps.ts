// What every command family is built from (constructed once in extension.ts).
import type { RunsInProgress } from '../core/runsInProgress';
import type { FullsendDirs } from '../ui/fullsendDirs';
import type { Log } from '../ui/log';
import type { OpenShell } from '../ui/openshell';
import type { Operations } from '../ui/operations';
import type { Sessions } from '../ui/session';

export interface CommandDeps {
  log: Log;
  dirs: FullsendDirs;
  openshell: OpenShell;
  sessions: Sessions;
  operations: Operations;
  /** The fullsend runs this extension started that have not ended: destructive commands leave them alone. */
  runs: RunsInProgress;
}
