/** Counts free handler slots; `acquire` waits for one or gives up when `cancel` settles. */
export class Semaphore {
  #free: number;
  readonly #waiters: (() => void)[] = [];

  constructor(size: number) {
    this.#free = size;
  }

  get free(): number {
    return this.#free;
  }

  /** Resolves true with a slot taken, or false if `cancel` resolved first. */
  async acquire(cancel: Promise<void>): Promise<boolean> {
    if (this.#free > 0) {
      this.#free--;
      return true;
    }
    let wake!: () => void;
    const granted = new Promise<true>((resolve) => {
      wake = () => resolve(true);
      this.#waiters.push(wake);
    });
    const won = await Promise.race([granted, cancel.then(() => false as const)]);
    if (!won) {
      const i = this.#waiters.indexOf(wake);
      if (i >= 0) this.#waiters.splice(i, 1);
      // The slot may have been handed over in the same tick as the cancel: give it back.
      else this.release();
    }
    return won;
  }

  release(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#free++;
  }
}
