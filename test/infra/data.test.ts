import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { tableDefinition } from '../../local/table-schema';
import { ENV } from '../../functions/config';
import { envNameOf, loadDeployConfig } from '../../infra/config';
import { synthLimber, wired, type Synthesized } from './synth';

let s: Synthesized;
beforeAll(() => {
  s = synthLimber();
});
afterAll(() => s?.cleanup());

const byName = <T extends { AttributeName?: string; IndexName?: string }>(xs: T[] = []) =>
  [...xs].sort((a, b) => String(a.AttributeName ?? a.IndexName).localeCompare(String(b.AttributeName ?? b.IndexName)));

describe('table', () => {
  it('has the keys, attributes and due index of local/table-schema.ts', () => {
    const local = tableDefinition('any');
    const [table] = Object.values(s.template.findResources('AWS::DynamoDB::Table'));
    const p = table!.Properties;
    expect(p.KeySchema).toEqual(local.KeySchema);
    expect(byName(p.AttributeDefinitions)).toEqual(byName(local.AttributeDefinitions));
    expect(p.BillingMode).toBe(local.BillingMode);
    const indexes = (p.GlobalSecondaryIndexes as any[]).map(({ IndexName, KeySchema, Projection }) => ({ IndexName, KeySchema, Projection }));
    expect(byName(indexes)).toEqual(byName(local.GlobalSecondaryIndexes as any[]));
  });

  it('is on-demand, point-in-time recoverable, deletion-protected, encrypted, retained, with ttl', () => {
    s.template.resourceCountIs('AWS::DynamoDB::Table', 1);
    s.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      },
    });
    s.template.resourceCountIs('AWS::KMS::Key', 0);
  });

  it('uses a rotating customer-managed key when asked, and grants it only through DynamoDB', () => {
    const cmk = synthLimber({ customerManagedKey: 'true' });
    try {
      cmk.template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
      cmk.template.hasResourceProperties('AWS::DynamoDB::Table', {
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
      });
      cmk.template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: Match.arrayWith(['kms:Decrypt']),
              Condition: { StringEquals: { 'kms:ViaService': Match.anyValue() } },
            }),
          ]),
        },
      });
    } finally {
      cmk.cleanup();
    }
  });
});

describe('secrets', () => {
  it('are four generated Secrets Manager secrets with stable names; the pepper is retained', () => {
    const secrets = s.template.findResources('AWS::SecretsManager::Secret');
    const byNameProp = Object.fromEntries(Object.values(secrets).map((r) => [r.Properties.Name, r]));
    expect(Object.keys(byNameProp).sort()).toEqual(['Limber/address-pepper', 'Limber/link-keys', 'Limber/twilio-auth-token', 'Limber/webhook-endpoints']);
    for (const r of Object.values(secrets)) {
      expect(r.Properties.GenerateSecretString).toBeDefined();
      expect(r.Properties.SecretString).toBeUndefined();
    }
    expect(byNameProp['Limber/address-pepper']!.DeletionPolicy).toBe('Retain');
  });

  it('reach functions by name only: no value, no dynamic reference in any environment', () => {
    const all = Object.values(s.template.findResources('AWS::Lambda::Function'));
    // The CDK's picture uploader (infra/constructs/images.ts, when build/illustrations exists) gets no secret at all.
    const isUploader = (fn: (typeof all)[number]) => JSON.stringify(fn.Properties.Role).includes('ImagesUploadRole');
    for (const up of all.filter(isUploader)) expect(JSON.stringify(up.Properties.Environment ?? {})).not.toMatch(/Limber\/|SECRET/);
    // Ours (CDK's deploy-time provider for the receipt rule activation has no environment).
    const fns = Object.values(s.template.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('^Limber ') } }));
    expect(fns.length).toBe(wired.size);
    for (const fn of fns) {
      const vars = fn.Properties.Environment.Variables as Record<string, unknown>;
      expect(vars[ENV.secretLinkKeys]).toBe('Limber/link-keys');
      expect(vars[ENV.secretTwilioAuthToken]).toBe('Limber/twilio-auth-token');
      expect(vars[ENV.secretAddressPepper]).toBe('Limber/address-pepper');
      const text = JSON.stringify(vars);
      expect(text).not.toMatch(/resolve:secretsmanager|resolve:ssm|SecretString/i);
      expect(text).not.toContain('DataLinkKeys'); // no Ref/GetAtt of a secret either
      for (const name of Object.keys(vars)) {
        if (/SECRET|TOKEN|PASSWORD|PEPPER|PRIVATE/i.test(name)) expect(name).toMatch(/^LIMBER_SECRET_/);
      }
    }
  });
});

describe('deploy configuration', () => {
  const ctx = (values: Record<string, unknown>) => (key: string) => values[key];

  it('defaults to placeholders so a bare synth works', () => {
    const c = loadDeployConfig(ctx({}), {});
    expect(c.fromEmail).toBe('coach@example.com');
    expect(c.stackName).toBe('Limber');
    expect(c.senderMaxConcurrency).toBeGreaterThanOrEqual(2);
  });

  it('reads context before LIMBER_DEPLOY_* environment, coercing strings', () => {
    const env = { [envNameOf('fromEmail')]: 'env@limber.test', [envNameOf('twilioMps')]: '3', [envNameOf('customerManagedKey')]: 'true' };
    expect(envNameOf('fromEmail')).toBe('LIMBER_DEPLOY_FROM_EMAIL');
    const c = loadDeployConfig(ctx({ fromEmail: 'ctx@limber.test' }), env);
    expect(c.fromEmail).toBe('ctx@limber.test');
    expect(c.twilioMps).toBe(3);
    expect(c.customerManagedKey).toBe(true);
  });

  it('rejects bad values with one message naming each key and its source', () => {
    const run = () => loadDeployConfig(ctx({ fromEmail: 'not-an-email', twilioAccountSid: 'AC123' }), { [envNameOf('senderMaxConcurrency')]: '1' });
    expect(run).toThrow(/fromEmail \(context "fromEmail"\)/);
    expect(run).toThrow(/twilioAccountSid/);
    expect(run).toThrow(/senderMaxConcurrency \(env LIMBER_DEPLOY_SENDER_MAX_CONCURRENCY\)/);
  });

  it('refuses a sender reservation below the poller concurrency (throttled jobs would reach the DLQ)', () => {
    expect(() => loadDeployConfig(ctx({ senderMaxConcurrency: '4', senderReservedConcurrency: '2' }), {})).toThrow(/senderReservedConcurrency/);
    expect(loadDeployConfig(ctx({ senderMaxConcurrency: '4', senderReservedConcurrency: '0' }), {}).senderReservedConcurrency).toBe(0);
  });

  it('wants an API domain and its certificate together, and a public URL without trailing slash', () => {
    expect(() => loadDeployConfig(ctx({ apiDomainName: 'api.limber.test' }), {})).toThrow(/apiDomainName/);
    expect(() => loadDeployConfig(ctx({ publicBaseUrl: 'https://go.limber.test/' }), {})).toThrow(/publicBaseUrl.*trailing slash/);
    expect(() => loadDeployConfig(ctx({ publicBaseUrl: 'http://go.limber.test' }), {})).toThrow(/publicBaseUrl.*https/);
  });
});
