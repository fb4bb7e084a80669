/**
 * A tiny bounded worker pool.
 *
 * @module
 */

/**
 * Calls `fn` on every item with at most `limit` calls in flight. After the
 * first failure no new item starts; it waits for the calls in flight, then
 * rethrows that failure, so nothing keeps running behind the caller.
 */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const i = next++;
      try {
        await fn(items[i], i);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const n = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: n }, worker));
  if (failure !== undefined) throw failure.error;
}
