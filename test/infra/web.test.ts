import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { ENV } from '../../functions/config';
import { ROUTES } from '../../functions/routes';
import { DASHBOARD_PATHS, LINK_PATHS } from '../../infra/constructs/web';
import { functionLogicalId, synthLimber, wired, type Synthesized } from './synth';

let s: Synthesized;
beforeAll(() => {
  s = synthLimber();
});
afterAll(() => s?.cleanup());

type Route = { key: string; auth: string; target: string };
function routes(): Route[] {
  const integrations = s.template.findResources('AWS::ApiGatewayV2::Integration');
  return Object.values(s.template.findResources('AWS::ApiGatewayV2::Route')).map((r) => {
    const integrationId = (r.Properties.Target['Fn::Join'][1][1] as { Ref: string }).Ref;
    const uri = integrations[integrationId]!.Properties.IntegrationUri as { 'Fn::GetAtt': [string, string] };
    return { key: r.Properties.RouteKey, auth: r.Properties.AuthorizationType ?? 'NONE', target: uri['Fn::GetAtt'][0] };
  });
}

describe('HTTP API', () => {
  it.runIf(wired.has('api'))('throttles every route by default and POST /signup harder', () => {
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 25, ThrottlingBurstLimit: 50 },
      RouteSettings: { 'POST /signup': { ThrottlingRateLimit: 2, ThrottlingBurstLimit: 5 } },
    });
  });

  it('writes access logs with the route key, not the token-bearing path', () => {
    const [stage] = Object.values(s.template.findResources('AWS::ApiGatewayV2::Stage'));
    const format = stage!.Properties.AccessLogSettings.Format as string;
    expect(format).toContain('$context.routeKey');
    expect(format).not.toMatch(/\$context\.path|sourceIp/);
  });

  it.runIf(wired.has('api'))('serves the sign-up page, the form and every signed link (GET shows, POST acts) from the api function', () => {
    const api = functionLogicalId(s, 'api');
    const expected = ['GET /', 'POST /signup', 'GET /privacy', 'GET /terms', ...LINK_PATHS.flatMap((p) => [`GET ${p}`, `POST ${p}`])];
    const got = routes().filter((r) => r.target === api);
    expect(got.map((r) => r.key).sort()).toEqual(expected.sort());
    expect(got.every((r) => r.auth === 'NONE')).toBe(true);
  });

  it.runIf(wired.has('twilioInbound'))('sends Twilio inbound messages to twilio-inbound', () => {
    expect(routes().find((r) => r.key === 'POST /twilio/inbound')?.target).toBe(functionLogicalId(s, 'twilioInbound'));
  });

  it.runIf(wired.has('twilioStatus'))('sends Twilio status callbacks to twilio-status', () => {
    expect(routes().find((r) => r.key === 'POST /twilio/status')?.target).toBe(functionLogicalId(s, 'twilioStatus'));
  });

  it('requires IAM (SigV4) on every route that shows subscriber data, and only there', () => {
    const all = routes();
    const iam = all.filter((r) => r.auth === 'AWS_IAM');
    expect(iam.map((r) => r.key).sort()).toEqual(
      wired.has('dashboard') ? [...DASHBOARD_PATHS.map((p) => `GET ${p}`), `POST ${ROUTES.dashboardEscalationMove}`].sort() : [],
    );
    // Nothing reaches the dashboard function without IAM.
    if (wired.has('dashboard')) {
      const dashboard = functionLogicalId(s, 'dashboard');
      expect(all.filter((r) => r.target === dashboard).every((r) => r.auth === 'AWS_IAM')).toBe(true);
    }
    // No catch-all route that could expose it.
    expect(all.map((r) => r.key)).not.toContain('$default');
    expect(all.filter((r) => r.auth === 'NONE').every((r) => !r.key.includes('/dashboard'))).toBe(true);
  });

  it.runIf(wired.has('dashboard'))('offers operators a policy that can invoke the dashboard routes and nothing else', () => {
    const policy = Object.values(s.template.findResources('AWS::IAM::ManagedPolicy')).find((p) => /read the operator/.test(p.Properties.Description));
    const [statement, ...others] = policy!.Properties.PolicyDocument.Statement;
    expect(others).toEqual([]);
    expect(statement.Action).toBe('execute-api:Invoke');
    const tails = statement.Resource.map((r: any) => r['Fn::Join'][1].at(-1));
    expect(tails).toEqual(['/$default/GET/dashboard', '/$default/GET/dashboard/*']);
    s.template.hasOutput('DashboardReadersPolicyArn', {});
  });

  it.runIf(wired.has('dashboard'))('offers a separate policy for the one dashboard write: POST /dashboard/escalations/move', () => {
    const policy = Object.values(s.template.findResources('AWS::IAM::ManagedPolicy')).find((p) => /move escalations/.test(p.Properties.Description));
    const [statement, ...others] = policy!.Properties.PolicyDocument.Statement;
    expect(others).toEqual([]);
    expect(statement.Action).toBe('execute-api:Invoke');
    expect(statement.Resource['Fn::Join'][1].at(-1)).toBe('/$default/POST/dashboard/escalations/move');
    s.template.hasOutput('EscalationEditorsPolicyArn', {});
  });

  it('gives every function the public base URL it signs links and checks Twilio signatures against', () => {
    const apiId = s.stack.resolve(s.stack.getLogicalId(s.stack.web.httpApi.node.defaultChild as never)) as string;
    // Ours, not the CDK's image-upload provider (infra/constructs/images.ts), which signs nothing.
    for (const h of wired) {
      const fn = s.template.toJSON().Resources[functionLogicalId(s, h)];
      expect(fn.Properties.Environment.Variables[ENV.publicBaseUrl]).toEqual({ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] });
    }
  });

  it('uses a custom domain and its URL when one is configured', () => {
    const custom = synthLimber({
      apiDomainName: 'go.limber.test',
      apiCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0f0e0d0c-1111-2222-3333-444455556666',
    });
    try {
      custom.template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', { DomainName: 'go.limber.test' });
      custom.template.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { DomainName: Match.anyValue() });
      custom.template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ [ENV.publicBaseUrl]: 'https://go.limber.test' }) },
      });
      custom.template.hasOutput('TwilioInboundWebhookUrl', { Value: 'https://go.limber.test/twilio/inbound' });
    } finally {
      custom.cleanup();
    }
  });
});
