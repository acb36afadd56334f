import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { HIPAASecurityChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIRMATION_NOT_SENT } from '../../functions/core/enrolment';
import { synthLimber, type Synthesized } from './synth';

/** Issue 20: what a fresh account needs from the template (bundling skipped: see bundles.test.ts). */

let s: Synthesized;
beforeAll(() => {
  s = synthLimber();
});
afterAll(() => s?.cleanup());

const logicalIdOf = (construct: { node: { defaultChild?: unknown } }) => s.stack.resolve(s.stack.getLogicalId(construct.node.defaultChild as never)) as string;

describe('receipt rule set activation', () => {
  it('activates the reply rule set at deploy, after its rule, with nothing but ses:SetActiveReceiptRuleSet', () => {
    const custom = s.template.findResources('Custom::AWS');
    const activations = Object.values(custom).filter((r) => JSON.stringify(r.Properties.Create).includes('setActiveReceiptRuleSet'));
    expect(activations).toHaveLength(1);
    const [activation] = activations;
    const ruleSetId = logicalIdOf(s.stack.inbound.ruleSet);
    expect(JSON.stringify(activation!.Properties.Create)).toContain(JSON.stringify({ Ref: ruleSetId }));
    expect(activation!.Properties.Update).toEqual(activation!.Properties.Create);
    // No Delete call: by teardown another set may be the active one.
    expect(activation!.Properties.Delete).toBeUndefined();
    const rules = Object.keys(s.template.findResources('AWS::SES::ReceiptRule'));
    expect(activation!.DependsOn).toEqual(expect.arrayContaining([ruleSetId, ...rules]));
    s.template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: 'ses:SetActiveReceiptRuleSet', Effect: 'Allow', Resource: '*' }] },
    });
  });

  it('leaves activation to the operator when activateReceiptRuleSet=false', () => {
    const off = synthLimber({ activateReceiptRuleSet: 'false' });
    try {
      expect(Object.keys(off.template.findResources('Custom::AWS'))).toHaveLength(0);
      off.template.hasOutput('ReceiptRuleSetName', { Description: Match.stringLikeRegexp('set-active-receipt-rule-set') });
    } finally {
      off.cleanup();
    }
  });
});

describe('sign-up confirmations the provider refused', () => {
  it('an alarm counts the api log line "confirmation not sent" (sign-up answers 200, so Api5xx cannot see it)', () => {
    const apiLogs = s.stack.resolve((s.stack.functions.api!.logGroup.node.defaultChild as unknown as { ref: string }).ref);
    s.template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: apiLogs,
      FilterPattern: `{ $.message = "${CONFIRMATION_NOT_SENT}" }`,
      MetricTransformations: [Match.objectLike({ MetricName: 'ConfirmationsNotSent', MetricValue: '1' })],
    });
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ConfirmationsNotSent',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmDescription: Match.stringLikeRegexp('limber doctor'),
    });
  });
});

describe('cdk-nag HIPAA.Security (health data)', () => {
  const unacknowledged = (x: Synthesized) =>
    new HIPAASecurityChecks().validateScope(x.app).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`));

  it('leaves no unacknowledged finding with the defaults', () => {
    expect(unacknowledged(s)).toEqual([]);
  });

  it('nor when the pictures are uploaded (the BucketDeployment and its provider function, as in npm run synth)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'limber-pictures-'));
    writeFileSync(join(dir, 'cat-cow-start.0123456789ab.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
    const withPictures = synthLimber({ illustrationsDir: dir });
    try {
      expect(withPictures.template.findResources('Custom::CDKBucketDeployment')).not.toEqual({});
      expect(unacknowledged(withPictures)).toEqual([]);
    } finally {
      withPictures.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('nor with a customer-managed key and an alarm email; all four secrets (link keys, Twilio token, pepper, webhook endpoints) then use the customer key', () => {
    const hardened = synthLimber({ customerManagedKey: 'true', alarmEmail: 'ops@limber.example' });
    try {
      expect(unacknowledged(hardened)).toEqual([]);
      const secrets = Object.values(hardened.template.findResources('AWS::SecretsManager::Secret'));
      expect(secrets).toHaveLength(4);
      for (const secret of secrets) expect(secret.Properties.KmsKeyId).toBeDefined();
    } finally {
      hardened.cleanup();
    }
  });
});
