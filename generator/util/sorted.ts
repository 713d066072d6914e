/** The one sorted-iteration helper: code-point order, independent of locale. */
export function sortedKeys(obj: object): string[] {
  return Object.keys(obj).sort(byCodePoint);
}

export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => byCodePoint(key(a), key(b)));
}
