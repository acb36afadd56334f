import type { Store } from '../../functions/ports';

/** Every subscriber with its ratings and send records, as one string: equal snapshots mean nothing was written. */
export async function storeSnapshot(store: Store): Promise<string> {
  const out: unknown[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.scanSubscribers(100, cursor);
    for (const sub of page.items) {
      const [ratings, sends] = await Promise.all([store.listRatings(sub.id), store.listSendRecords(sub.id)]);
      out.push({ sub, ratings, sends });
    }
    cursor = page.cursor;
  } while (cursor);
  return JSON.stringify(out.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
}
