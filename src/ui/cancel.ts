// Cancellation is not a failure: it is logged and acknowledged quietly, never shown as an error.
import { isOpenShellError } from '../openshell/errors';

/**
 * Thrown when the user cancels (progress notification, a declined follow-up question). Name and message are
 * VS Code's own cancellation marker ('Canceled'), so the workbench does not show it as a command error either.
 */
export class CancelledError extends Error {
  override readonly name = 'Canceled';
  constructor() {
    super('Canceled');
  }
}

export function isCancellation(err: unknown): boolean {
  return err instanceof CancelledError || isOpenShellError(err, 'Cancelled') ||
    (err instanceof Error && (err.name === 'Canceled' || err.name === 'AbortError'));
}
