import type { SubscriberHistory } from './insights';

/**
 * The denominators behind the dashboard's sampled figures, in words (issue 21): the response rate,
 * the cohort outcome and the escalations are computed from each subscriber's ratings and sends, read
 * for at most `cap` subscribers; the counts and the table come from the status index, exactly.
 */
export function sampleNote(histories: readonly SubscriberHistory[], total: number, truncated: boolean): string {
  let sent = 0;
  let answered = 0;
  for (const h of histories) {
    const rated = new Set(h.ratings.map((r) => r.programDay));
    for (const s of h.sends) {
      if (s.kind !== 'daily') continue;
      sent++;
      if (rated.has(s.programDay)) answered++;
    }
  }
  const over = truncated ? `the first ${histories.length} subscribers read, of ${total}` : `all ${histories.length} subscribers`;
  return `Response rate = daily messages answered with a score / daily messages sent: ${answered} of ${sent}, over ${over}. The cohort outcome and escalations are computed over the same subscribers; the counts and the table below cover every subscriber.`;
}
