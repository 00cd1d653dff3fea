/** The listeners of a store's committed changes: a failing listener is logged and never fails the write. */
import type { SeriesChange, SeriesChangeListener } from "./storage.ts";

export class ChangeListeners {
  readonly #listeners = new Set<SeriesChangeListener>();

  get size(): number {
    return this.#listeners.size;
  }

  /** Registers a listener; returns a function that unregisters it. */
  add(listener: SeriesChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(change: SeriesChange): void {
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (error) {
        console.error(`store change listener failed: ${(error as Error).message}`);
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
