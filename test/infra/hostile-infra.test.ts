import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthLimber, wired, type Synthesized } from './synth';

/** The stack-level abuse guards, read from the synthesized template. */

let s: Synthesized;
beforeAll(() => {
  s = synthLimber();
});
afterAll(() => s?.cleanup());

describe('abuse guards in the template', () => {
  it.runIf(wired.has('twilioInbound'))('the Twilio webhooks have their own route throttle, apart from sign-up traffic', () => {
    const [stage] = Object.values(s.template.findResources('AWS::ApiGatewayV2::Stage'));
    const settings = stage!.Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;
    expect(settings['POST /twilio/inbound']).toEqual({ ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 });
    expect(settings['POST /twilio/status']).toEqual({ ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 });
    expect(settings['POST /signup']).toBeDefined();
  });

  it('SES may write to the inbound bucket only for our receipt rule (aws:SourceArn), not any rule in the account', () => {
    const policies = Object.values(s.template.findResources('AWS::S3::BucketPolicy'));
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[]);
    const ses = statements.filter((st) => JSON.stringify(st.Principal ?? '').includes('ses.amazonaws.com'));
    const deny = ses.find((st) => st.Effect === 'Deny');
    expect(deny).toBeDefined();
    expect(JSON.stringify(deny)).toMatch(/StringNotEquals.*aws:SourceArn.*receipt-rule-set\/.*:receipt-rule\//);
    const rules = Object.values(s.template.findResources('AWS::SES::ReceiptRule'));
    const ruleName = (rules[0]!.Properties.Rule as { Name: string }).Name;
    expect(JSON.stringify(deny)).toContain(ruleName);
  });
});
