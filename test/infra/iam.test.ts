import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HANDLERS, type HandlerName, type SecretKind } from '../../infra/function-registry';
import { actionsOn, asArray, statementsOf, synthLimber, wired, type Synthesized } from './synth';

let s: Synthesized;
beforeAll(() => {
  s = synthLimber();
});
afterAll(() => s?.cleanup());

const handlers = [...wired];
const idOf = (c: { node: { defaultChild?: unknown } }) => s.stack.resolve(s.stack.getLogicalId(c.node.defaultChild as never)) as string;
const tableId = () => idOf(s.stack.data.table);
const onTable = (r: string) => r === JSON.stringify({ 'Fn::GetAtt': [tableId(), 'Arn'] });
const onDueIndex = (r: string) => r.includes(tableId()) && r.includes('/index/due');
const onStatusIndex = (r: string) => r.includes(tableId()) && r.includes('/index/status');
const onOutboxIndex = (r: string) => r.includes(tableId()) && r.includes('/index/outbox');
const outboxGrants = (h: HandlerName): readonly string[] =>
  'outboxIndex' in HANDLERS[h] ? (HANDLERS[h] as { outboxIndex: readonly string[] }).outboxIndex : [];
const statusGrants = (h: HandlerName): readonly string[] =>
  'statusIndex' in HANDLERS[h] ? (HANDLERS[h] as { statusIndex: readonly string[] }).statusIndex : [];
const dynamoActions = (h: HandlerName, match: (r: string) => boolean) =>
  actionsOn(s, h, match)
    .filter((a) => a.startsWith('dynamodb:'))
    .sort();

describe('least privilege, per function (infra/function-registry.ts is the contract)', () => {
  it.each(handlers)('%s gets exactly its table actions, nothing on other tables or indexes', (h) => {
    expect(dynamoActions(h, onTable)).toEqual(HANDLERS[h].table.map((a) => `dynamodb:${a}`).sort());
    expect(dynamoActions(h, onDueIndex)).toEqual(HANDLERS[h].dueIndex.map((a) => `dynamodb:${a}`).sort());
    const all = statementsOf(s, h).flatMap((st) => asArray(st.Action as string | string[]));
    expect(dynamoActions(h, onStatusIndex)).toEqual(
      statusGrants(h)
        .map((a) => `dynamodb:${a}`)
        .sort(),
    );
    expect(dynamoActions(h, onOutboxIndex)).toEqual(
      outboxGrants(h)
        .map((a) => `dynamodb:${a}`)
        .sort(),
    );
    expect(all.filter((a) => a.startsWith('dynamodb:')).length).toBe(
      HANDLERS[h].table.length + HANDLERS[h].dueIndex.length + statusGrants(h).length + outboxGrants(h).length,
    );
    expect(all.some((a) => a.includes('*') && !a.startsWith('xray:'))).toBe(false);
  });

  it.runIf(wired.has('api'))('the api cannot scan, delete items one by one or touch the table itself', () => {
    const api = statementsOf(s, 'api').flatMap((st) => asArray(st.Action as string | string[]));
    for (const a of ['dynamodb:Scan', 'dynamodb:DeleteTable', 'dynamodb:DeleteItem', 'dynamodb:UpdateTable', 'dynamodb:*']) {
      expect(api).not.toContain(a);
    }
  });

  it('only the operator dashboard may Scan, and only the dispatcher reads the due index', () => {
    const scanners = handlers.filter((h) => dynamoActions(h, () => true).includes('dynamodb:Scan'));
    expect(scanners).toEqual(handlers.filter((h) => h === 'dashboard'));
    expect(handlers.filter((h) => dynamoActions(h, onDueIndex).length > 0)).toEqual(handlers.filter((h) => h === 'dispatcher' || h === 'escalationMonitor'));
  });

  it.each(handlers)('%s reads exactly the secrets of its row', (h) => {
    const secretIds: Record<SecretKind, string> = {
      linkKeys: idOf(s.stack.data.secrets.linkKeys),
      twilioAuthToken: idOf(s.stack.data.secrets.twilioAuthToken),
      addressPepper: idOf(s.stack.data.secrets.addressPepper),
      webhookEndpoints: idOf(s.stack.data.secrets.webhookEndpoints),
    };
    const readable = (Object.keys(secretIds) as SecretKind[]).filter((k) =>
      actionsOn(s, h, (r) => r === JSON.stringify({ Ref: secretIds[k] })).includes('secretsmanager:GetSecretValue'),
    );
    expect(readable.sort()).toEqual([...HANDLERS[h].secrets].sort());
  });

  it('only the functions that must send mail can ses:SendEmail, as the configured address only', () => {
    const senders = handlers.filter((h) => statementsOf(s, h).some((st) => asArray(st.Action).includes('ses:SendEmail')));
    expect(senders.sort()).toEqual(handlers.filter((h) => HANDLERS[h].sendsEmail).sort());
    for (const h of ['dispatcher', 'dashboard', 'sesEvents', 'twilioStatus'] as const) expect(senders).not.toContain(h);
    for (const h of senders) {
      for (const st of statementsOf(s, h).filter((x) => asArray(x.Action).some((a: string) => a.startsWith('ses:Send')))) {
        expect(st.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'coach@example.com' } });
        expect(JSON.stringify(st.Resource)).not.toMatch(/"\*"|identity\/\*/);
        expect(asArray(st.Action)).toEqual(['ses:SendEmail']);
      }
    }
  });

  it('only the dispatcher and the sender (a job whose completeSend failed goes back) can enqueue delivery jobs', () => {
    const jobs = JSON.stringify({ 'Fn::GetAtt': [idOf(s.stack.delivery.jobs), 'Arn'] });
    const enqueuers = handlers.filter((h) => actionsOn(s, h, (r) => r === jobs).includes('sqs:SendMessage'));
    expect(enqueuers).toEqual(handlers.filter((h) => h === 'dispatcher' || h === 'sender'));
  });

  it('only the functions that change subscriber state can enqueue webhook deliveries', () => {
    const queue = JSON.stringify({ 'Fn::GetAtt': [idOf(s.stack.webhooks.queue), 'Arn'] });
    const enqueuers = handlers.filter((h) => actionsOn(s, h, (r) => r === queue).includes('sqs:SendMessage'));
    expect(enqueuers.sort()).toEqual(handlers.filter((h) => HANDLERS[h].emitsEvents).sort());
    expect(enqueuers.sort()).toEqual(['api', 'sender', 'sesInbound', 'twilioInbound', 'webhookOutbox']);
  });

  it('only ses-inbound touches raw mail, reading and deleting objects under inbound/ only', () => {
    const bucket = idOf(s.stack.inbound.bucket);
    const touching = handlers.filter((h) => actionsOn(s, h, (r) => r.includes(bucket)).length > 0);
    expect(touching).toEqual(handlers.filter((h) => h === 'sesInbound'));
    if (!wired.has('sesInbound')) return;
    const stmts = statementsOf(s, 'sesInbound').filter((st) => JSON.stringify(st.Resource).includes(bucket));
    expect(stmts.flatMap((st) => asArray(st.Action)).sort()).toEqual(['s3:DeleteObject', 's3:GetObject']);
    expect(JSON.stringify(stmts[0].Resource)).toContain('/inbound/*');
  });

  it('grants "*" resources only for X-Ray and the send quota (GetAccount: sender, dispatcher): the acknowledged IAM5 findings', () => {
    for (const h of handlers) {
      const wild = statementsOf(s, h).filter((st) => asArray(st.Resource).includes('*'));
      const actions = wild.flatMap((st) => asArray(st.Action as string | string[])).sort();
      const allowed = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments', ...(h === 'sender' || h === 'dispatcher' ? ['ses:GetAccount'] : [])].sort();
      expect(actions).toEqual(allowed);
    }
  });

  it('uses no AWS managed policies and writes logs to its own log group only', () => {
    for (const role of Object.values(s.template.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
    for (const h of handlers) {
      const logs = statementsOf(s, h).filter((st) => asArray(st.Action).some((a: string) => a.startsWith('logs:')));
      expect(logs).toHaveLength(1);
      expect(JSON.stringify(logs[0].Resource)).toContain('Logs');
    }
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('is registered on the app and leaves no unacknowledged finding (errors or warnings)', () => {
    const report = new AwsSolutionsChecks().validateScope(s.app);
    const findings = report.violations.map((v) => `${v.ruleName} [${v.severity}] ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
    const written = JSON.parse(readFileSync(join(s.outdir, 'validation-report.json'), 'utf8'));
    const violations = (written.pluginReports ?? []).flatMap((r: { violations?: unknown[] }) => r.violations ?? []);
    expect(violations).toEqual([]);
  });

  it('stays clean with a concrete account and region (acknowledgments must not depend on them)', () => {
    const pinned = synthLimber({ account: '123456789012', region: 'eu-west-1', customerManagedKey: true, alarmEmail: 'ops@limber.test' });
    try {
      expect(pinned.stack.region).toBe('eu-west-1');
      expect(new AwsSolutionsChecks().validateScope(pinned.app).violations.map((v) => v.ruleName)).toEqual([]);
    } finally {
      pinned.cleanup();
    }
  });

  it('every acknowledgment carries a written reason', () => {
    const acks: { path: string; id: string; reason: unknown }[] = [];
    const walk = (c: import('constructs').IConstruct) => {
      for (const m of c.node.metadata) {
        if (m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY) {
          for (const [id, reason] of Object.entries(m.data as Record<string, unknown>)) acks.push({ path: c.node.path, id, reason });
        }
      }
      c.node.children.forEach(walk);
    };
    walk(s.app);
    expect(acks.length).toBeGreaterThan(0);
    for (const a of acks) {
      expect(typeof a.reason === 'string' ? a.reason : JSON.stringify(a.reason)).toMatch(/\w{4,}.*\w{4,}.*\w{4,}/);
    }
  });
});
