/**
 * Asks for the next batch as soon as one is handed out, so the database reads it while this
 * process writes the previous one (a server-side cursor fetches on the same connection, in turn):
 * on two cores an export spends its time working instead of waiting. At most two batches in memory.
 */
export async function* readAhead<T>(batches: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = batches[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done) return;
      next = iterator.next();
      yield current.value;
    }
  } finally {
    // Stopped early (the client went away): let the cursor close once its fetch in flight is done.
    await next.catch(() => undefined);
    await iterator.return?.(undefined);
  }
}
