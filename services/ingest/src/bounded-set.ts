/** A set that forgets its oldest member past `capacity` (0 remembers nothing). */
export class BoundedSet<T> {
  readonly #items = new Set<T>();

  constructor(private readonly capacity: number) {}

  has(item: T): boolean {
    return this.#items.has(item);
  }

  add(item: T): void {
    if (this.capacity === 0 || this.#items.has(item)) return;
    if (this.#items.size >= this.capacity) {
      this.#items.delete(this.#items.values().next().value as T);
    }
    this.#items.add(item);
  }

  get size(): number {
    return this.#items.size;
  }
}
