// Saving the admin's progress: shortly after each change (debounced), one save at a time, skipped
// when nothing changed since the last save, and flushed before commands that read the saved progress.
import { saveProgress, toErrorReport } from "$lib/api";
import type { ErrorReport, Progress } from "$lib/bindings";

export class ProgressSaver {
  /** Why the last save failed; cleared by the next save that works. */
  error = $state<ErrorReport | null>(null);

  #read: () => Progress | null;
  #delayMs: number;
  #lastSaved = "";
  #timer: ReturnType<typeof setTimeout> | undefined;
  #saving: Promise<void> = Promise.resolve();

  /** `read` gives the progress as it is now (null before it is loaded). */
  constructor(read: () => Progress | null, delayMs = 250) {
    this.#read = read;
    this.#delayMs = delayMs;
  }

  /** Records `progress` as what the backend already holds (it was just loaded). */
  loaded(progress: Progress) {
    this.#lastSaved = JSON.stringify(progress);
  }

  /** Call after every change: saves `delayMs` after the last one, if there is anything new. */
  changed() {
    const progress = this.#read();
    if (!progress || JSON.stringify(progress) === this.#lastSaved) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#persist(), this.#delayMs);
  }

  /** Saves now (after any save under way); resolves once the backend holds the current progress. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    return this.#persist();
  }

  /** Drops a pending save (the window is going away). */
  dispose() {
    clearTimeout(this.#timer);
  }

  #persist(): Promise<void> {
    this.#saving = this.#saving.then(async () => {
      const progress = this.#read();
      if (!progress) return;
      const snapshot = $state.snapshot(progress) as Progress;
      const text = JSON.stringify(snapshot);
      if (text === this.#lastSaved) return;
      try {
        await saveProgress(snapshot);
        this.#lastSaved = text;
        this.error = null;
      } catch (e) {
        this.error = toErrorReport(e);
      }
    });
    return this.#saving;
  }
}
