// One thing the admin can do that talks to the backend (Save, Test connection, Export…): whether it is
// running, and how its last attempt failed, as a message and hint the UI can show.
import { toErrorReport } from "$lib/api";
import type { ErrorReport } from "$lib/bindings";

export class Action {
  running = $state(false);
  error = $state<ErrorReport | null>(null);

  /**
   * Runs `fn`: `running` while it runs, `error` cleared first and set to what it rejected with.
   * Returns `fn`'s value, or `undefined` when it failed. `onError` runs right after `error` is set
   * (in the same tick), so it may react to the kind or set `error` back to null (a calm cancel).
   */
  async run<T>(fn: () => Promise<T>, onError?: (error: ErrorReport) => void): Promise<T | undefined> {
    this.running = true;
    this.error = null;
    try {
      return await fn();
    } catch (e) {
      const report = toErrorReport(e);
      this.error = report;
      onError?.(report);
      return undefined;
    } finally {
      this.running = false;
    }
  }
}
