import { describe, expect, it } from 'vitest';
import {
  canMove,
  moveEscalation,
  newEscalation,
  overdue,
  type AuditEntry,
  type EscalationRecord,
  type EscalationState,
} from '../../functions/core/escalations';
import type { Escalations } from '../../functions/ports';

/** A plain in-memory fake of the port with the same conditional semantics (state + version). */
class FakeEscalations implements Escalations {
  items = new Map<string, EscalationRecord>();
  async putEscalation(e: EscalationRecord) {
    const k = `${e.subscriberId}|${e.id}`;
    if (this.items.has(k)) return false;
    this.items.set(k, structuredClone(e));
    return true;
  }
  async getEscalation(s: string, id: string) {
    const e = this.items.get(`${s}|${id}`);
    return e && structuredClone(e);
  }
  async listEscalations(s: string) {
    return [...this.items.values()].filter((e) => e.subscriberId === s);
  }
  async moveEscalation(s: string, id: string, expect: { state: EscalationState; version: number }, entry: AuditEntry) {
    const e = this.items.get(`${s}|${id}`);
    if (!e || e.state !== expect.state || e.version !== expect.version) return undefined;
    const next = { ...e, state: entry.state, version: e.version + 1, history: [...e.history, entry] };
    this.items.set(`${s}|${id}`, next);
    return structuredClone(next);
  }
  async listOpenBefore(before: string) {
    return [...this.items.values()].filter((e) => e.state === 'open' && e.at <= before).map((e) => ({ subscriberId: e.subscriberId, id: e.id, at: e.at }));
  }
}

const raised = '2026-03-05T08:00:00.000Z';

describe('escalations', () => {
  it('open -> contacted -> closed, open -> closed, closed -> open; nothing else', () => {
    expect(canMove('open', 'contacted')).toBe(true);
    expect(canMove('open', 'closed')).toBe(true);
    expect(canMove('contacted', 'closed')).toBe(true);
    expect(canMove('closed', 'open')).toBe(true);
    expect(canMove('contacted', 'open')).toBe(false);
    expect(canMove('closed', 'contacted')).toBe(false);
    expect(canMove('open', 'open')).toBe(false);
  });

  it('a new one is open, opened by the system, with reason codes only', () => {
    const e = newEscalation({ subscriberId: 's_abc', at: raised, programDay: 4, reasons: ['high-score', 'rise', 'high-score'], urgent: false });
    expect(e).toEqual({
      subscriberId: 's_abc',
      id: raised,
      at: raised,
      programDay: 4,
      reasons: ['high-score', 'rise'],
      urgent: false,
      state: 'open',
      history: [{ state: 'open', by: 'limber', at: raised }],
      version: 0,
    });
  });

  it('every move appends who and when; a stale read loses instead of overwriting', async () => {
    const store = new FakeEscalations();
    await store.putEscalation(newEscalation({ subscriberId: 's_abc', at: raised, programDay: 4, reasons: ['red-flag'], urgent: true }));
    const r = await moveEscalation(store, 's_abc', raised, 'contacted', 'ann', '2026-03-05T08:20:00.000Z');
    expect(r.kind).toBe('changed');
    expect(await moveEscalation(store, 's_abc', raised, 'open', 'bob', '2026-03-05T08:21:00.000Z')).toEqual({ kind: 'not-allowed', state: 'contacted' });
    // Two operators close at once from the same read: the store lets one win.
    const read = (await store.getEscalation('s_abc', raised))!;
    const first = await store.moveEscalation(
      's_abc',
      raised,
      { state: read.state, version: read.version },
      { state: 'closed', by: 'ann', at: '2026-03-05T09:00:00.000Z' },
    );
    const second = await store.moveEscalation(
      's_abc',
      raised,
      { state: read.state, version: read.version },
      { state: 'closed', by: 'bob', at: '2026-03-05T09:00:00.000Z' },
    );
    expect(first).toBeDefined();
    expect(second).toBeUndefined();
    expect((await store.getEscalation('s_abc', raised))!.history.map((h) => `${h.state}:${h.by}`)).toEqual(['open:limber', 'contacted:ann', 'closed:ann']);
    expect(await moveEscalation(store, 's_abc', 'nope', 'closed', 'ann', raised)).toEqual({ kind: 'not-found' });
  });

  it('overdue counts open ones raised at least the setting ago', () => {
    const at = (m: number) => new Date(Date.parse(raised) + m * 60_000).toISOString();
    const list = [
      { at: at(0), state: 'open' as const },
      { at: at(30), state: 'open' as const },
      { at: at(0), state: 'contacted' as const },
    ];
    expect(overdue(list, Date.parse(at(60)), 60)).toBe(1);
    expect(overdue(list, Date.parse(at(90)), 60)).toBe(2);
    expect(overdue(list, Date.parse(at(59)), 60)).toBe(0);
  });
});
