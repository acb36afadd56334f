import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

const limber = (...args: string[]) => spawnSync(process.execPath, ['bin/limber.mjs', ...args], { encoding: 'utf8', timeout: 30_000 });

describe('limber schedule (the real binary)', () => {
  it('prints one UTC instant per line', () => {
    const r = limber('schedule', '--tz', 'Asia/Kathmandu', '--at', '06:30', '--from', '2026-01-01T00:00:00Z', '--count', '3');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('2026-01-01T00:45:00Z\n2026-01-02T00:45:00Z\n2026-01-03T00:45:00Z\n');
  });

  it.each([
    [['--tz', 'Nowhere/City', '--at', '06:30', '--from', '2026-01-01T00:00:00Z'], '--tz'],
    [['--tz', 'UTC', '--at', '25:00', '--from', '2026-01-01T00:00:00Z'], '--at'],
    [['--tz', 'UTC', '--at', '06:30', '--from', 'yesterday'], '--from'],
    [['--tz', 'UTC', '--at', '06:30', '--from', '2026-01-01T00:00:00Z', '--count', 'many'], '--count'],
    [['--at', '06:30', '--from', '2026-01-01T00:00:00Z'], '--tz'],
  ])('exits 2 naming the flag for %j', (args, flag) => {
    const r = limber('schedule', ...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(flag);
    expect(r.stdout).toBe('');
  });
});
