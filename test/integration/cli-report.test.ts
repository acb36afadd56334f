import { limber } from '../support/cli';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { DynamoFunctionScores } from '../../functions/adapters/dynamo-function-scores';
import { DynamoStore } from '../../functions/adapters/dynamo-store';
import { seedCohort } from '../support/cohort-fixture';
import { freshTable } from '../support/stand-ins';

describe('limber report (against dynalite)', () => {
  it('writes the hand-computed cohort as CSV and as a self-contained HTML page', async () => {
    const { client, tableName } = await freshTable();
    const store = new DynamoStore({ client, tableName });
    const scores = new DynamoFunctionScores({ tableName, doc: store.doc });
    await seedCohort(store, scores);
    const flags = ['--endpoint', inject('dynamoEndpoint'), '--table', tableName];
    const csv = await limber(['report', '--format', 'csv', ...flags]);
    expect(csv.status, csv.stderr).toBe(0);
    expect(csv.stdout).toMatch(/\r\nconfirmed,all,17,20,85\.0,/);
    expect(csv.stdout).toMatch(/\r\nfunction_improved,everyone with a baseline,4,10,40\.0,/);
    const dir = mkdtempSync(join(tmpdir(), 'limber-report-'));
    try {
      const out = join(dir, 'report.html');
      const html = await limber(['report', '--format', 'html', '--out', out, ...flags]);
      expect(html.status, html.stderr).toBe(0);
      const page = readFileSync(out, 'utf8');
      expect(page).toContain('7 of 14 (50 %)');
      // Self-contained: no script, no external reference, and no id or address of anyone.
      expect(page).not.toMatch(/<script|<link|src=|https?:\/\//);
      expect(page).not.toMatch(/s0\d@example|s_|\+1555/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const bad = await limber(['report', '--format', 'pdf']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--format');
  }, 120_000);
});
