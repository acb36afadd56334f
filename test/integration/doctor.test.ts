import { createServer, type IncomingMessage, type Server } from 'node:http';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESClient } from '@aws-sdk/client-ses';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsFacts, twilioRest, type DnsResolver } from '../../cli/doctor-aws';
import { formatChecks, runChecks, type Check, type DoctorTarget } from '../../cli/doctor-checks';
import { configChecks, dnsOnlyFacts, doctorTarget } from '../../cli/doctor';
import { loadDeployConfig } from '../../infra/config';
import { closer, listen } from '../../local/stand-ins';

/**
 * `limber doctor` end to end through its real readers: the AWS SDK clients and Twilio's REST calls go
 * over HTTP to a server that answers with recorded responses (shapes from the SES v2, Secrets
 * Manager and Twilio API references); DNS is an injected resolver. Each scenario is one account.
 */

const SID = `AC${'a'.repeat(32)}`;
const MG = `MG${'b'.repeat(32)}`;
const WEBHOOK = 'https://api.limber.example/twilio/inbound';

interface Account {
  sesAccount: Record<string, unknown>;
  identity: Record<string, unknown> | 'missing';
  secrets: Record<string, string>;
  twilioToken: string;
  service: Record<string, unknown>;
  campaigns: Record<string, unknown>[];
  numbers: Record<string, unknown>[];
  tollfree: Record<string, unknown>[];
  /** The active receipt rule set's name; none active when unset. */
  activeSet?: string;
}

const healthy = (): Account => ({
  sesAccount: {
    DedicatedIpAutoWarmupEnabled: false,
    EnforcementStatus: 'HEALTHY',
    ProductionAccessEnabled: true,
    SendingEnabled: true,
    SendQuota: { Max24HourSend: 50000, MaxSendRate: 14, SentLast24Hours: 12 },
    SuppressionAttributes: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
  },
  identity: {
    IdentityType: 'DOMAIN',
    FeedbackForwardingStatus: true,
    VerifiedForSendingStatus: true,
    VerificationStatus: 'SUCCESS',
    DkimAttributes: { SigningEnabled: true, Status: 'SUCCESS', Tokens: ['t1', 't2', 't3'], SigningAttributesOrigin: 'AWS_SES' },
    Policies: {},
    Tags: [],
  },
  secrets: {
    'Limber/link-keys': JSON.stringify({ id: 'k1', secret: 'x'.repeat(48) }),
    'Limber/address-pepper': 'p'.repeat(64),
    'Limber/twilio-auth-token': 'the-real-token',
  },
  twilioToken: 'the-real-token',
  service: { sid: MG, inbound_request_url: WEBHOOK, use_inbound_webhook_on_number: false, us_app_to_person_registered: true },
  campaigns: [{ sid: `QE${'c'.repeat(32)}`, campaign_status: 'VERIFIED', us_app_to_person_usecase: 'MIXED' }],
  numbers: [],
  tollfree: [],
});

let account: Account = healthy();
let server: Server;
let url: string;

const json = (res: import('node:http').ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const body = async (req: IncomingMessage) => {
  let s = '';
  for await (const c of req) s += c;
  return s;
};

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const u = new URL(req.url!, 'http://x');
    const target = req.headers['x-amz-target'];
    if (target === 'secretsmanager.GetSecretValue') {
      const { SecretId } = JSON.parse(await body(req)) as { SecretId: string };
      const value = account.secrets[SecretId];
      if (value === undefined) return json(res, 400, { __type: 'ResourceNotFoundException', Message: "Secrets Manager can't find the specified secret." });
      return json(res, 200, {
        ARN: `arn:aws:secretsmanager:eu-west-1:111122223333:secret:${SecretId}-AbCdEf`,
        Name: SecretId,
        SecretString: value,
        VersionId: 'v1',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: 1764547200,
      });
    }
    if (req.method === 'POST' && u.pathname === '/' && req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
      // SES v1 (Query protocol): the form names the action; the answer is XML as in the SES API reference.
      const form = new URLSearchParams(await body(req));
      if (form.get('Action') !== 'DescribeActiveReceiptRuleSet') return json(res, 400, { message: `unexpected ${form.get('Action')}` });
      const metadata = account.activeSet
        ? `<Metadata><Name>${account.activeSet}</Name><CreatedTimestamp>2026-11-30T09:00:00.000Z</CreatedTimestamp></Metadata><Rules><member><Name>reply</Name><Enabled>true</Enabled></member></Rules>`
        : '';
      res.writeHead(200, { 'content-type': 'text/xml' });
      return res.end(
        `<DescribeActiveReceiptRuleSetResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><DescribeActiveReceiptRuleSetResult>${metadata}</DescribeActiveReceiptRuleSetResult><ResponseMetadata><RequestId>d1e2f3</RequestId></ResponseMetadata></DescribeActiveReceiptRuleSetResponse>`,
      );
    }
    if (u.pathname === '/v2/email/account') return json(res, 200, account.sesAccount);
    if (u.pathname.startsWith('/v2/email/identities/')) {
      if (account.identity === 'missing')
        return json(res, 404, { message: 'Email identity limber.example does not exist.' }, { 'x-amzn-errortype': 'NotFoundException' });
      return json(res, 200, account.identity);
    }
    // Twilio
    const token = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64')
      .toString()
      .split(':')[1];
    if (token !== account.twilioToken)
      return json(res, 401, { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
    if (u.pathname === `/2010-04-01/Accounts/${SID}.json`) return json(res, 200, { sid: SID, status: 'active', type: 'Full', friendly_name: 'Clinic' });
    if (u.pathname === `/2010-04-01/Accounts/${SID}/IncomingPhoneNumbers.json`) {
      return json(res, 200, {
        incoming_phone_numbers: account.numbers.filter((n) => n.phone_number === u.searchParams.get('PhoneNumber')),
        page: 0,
        page_size: 50,
      });
    }
    if (u.pathname === `/v1/Services/${MG}`) return json(res, 200, account.service);
    if (u.pathname === `/v1/Services/${MG}/Compliance/Usa2p`)
      return json(res, 200, { compliance: account.campaigns, meta: { page: 0, page_size: 50, key: 'compliance' } });
    if (u.pathname === '/v1/Tollfree/Verifications')
      return json(res, 200, { verifications: account.tollfree, meta: { page: 0, page_size: 50, key: 'verifications' } });
    json(res, 404, { code: 20404, message: 'The requested resource was not found', status: 404 });
  });
  url = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
});
afterAll(() => closer(server)());

type Zone = Record<string, { txt?: string[]; mx?: string[] }>;
const goodZone = (): Zone => ({
  '_dmarc.limber.example': { txt: ['v=DMARC1; p=quarantine; rua=mailto:dmarc@limber.example'] },
  'limber.example': { txt: ['v=spf1 include:amazonses.com ~all', 'google-site-verification=abc'] },
  'reply.limber.example': { txt: ['v=spf1 include:amazonses.com -all'], mx: ['inbound-smtp.eu-west-1.amazonaws.com'] },
});
function resolver(zone: Zone): DnsResolver {
  const miss = () => Promise.reject(Object.assign(new Error('queryTxt ENODATA'), { code: 'ENODATA' }));
  return {
    resolveTxt: (name: string) => (zone[name]?.txt ? Promise.resolve(zone[name]!.txt!.map((r) => [r.slice(0, 20), r.slice(20)])) : miss()),
    resolveMx: (name: string) => (zone[name]?.mx ? Promise.resolve(zone[name]!.mx!.map((exchange) => ({ exchange, priority: 10 }))) : miss()),
  } as DnsResolver;
}

const credentials = { accessKeyId: 'l', secretAccessKey: 'l' };
const config = (over: Record<string, string> = {}) =>
  loadDeployConfig(
    (k) =>
      ({
        fromEmail: 'coach@limber.example',
        replyDomain: 'reply.limber.example',
        programName: 'Northside Back Care',
        supportEmail: 'help@limber.example',
        postalAddress: '2 Clinic Road, Northside, NS1 2AB',
        twilioAccountSid: SID,
        twilioMessagingServiceSid: MG,
        smsCountries: 'US',
        ...over,
      })[k],
    {},
  );
const target = (over: Record<string, string> = {}): DoctorTarget =>
  doctorTarget(config(over), 'eu-west-1', { TwilioInboundWebhookUrl: WEBHOOK, ReceiptRuleSetName: 'Limber-inbound' });

async function doctor(o: { zone?: Zone; activeSet?: string; t?: DoctorTarget } = {}): Promise<Check[]> {
  account.activeSet = o.activeSet;
  const facts = awsFacts({
    region: 'eu-west-1',
    ses: new SESv2Client({ endpoint: url, region: 'eu-west-1', credentials, maxAttempts: 1 }),
    sesV1: new SESClient({ endpoint: url, region: 'eu-west-1', credentials, maxAttempts: 1 }),
    secrets: new SecretsManagerClient({ endpoint: url, region: 'eu-west-1', credentials, maxAttempts: 1 }),
    dns: resolver(o.zone ?? goodZone()),
    twilio: twilioRest({ accountSid: SID, authToken: account.secrets['Limber/twilio-auth-token'] ?? '', apiBaseUrl: url, messagingBaseUrl: url }),
  });
  return runChecks(o.t ?? target(), facts);
}
const verdictOf = (checks: Check[], name: string | RegExp) => {
  const c = checks.find((x) => (typeof name === 'string' ? x.name === name : name.test(x.name)));
  if (!c) throw new Error(`no check ${name}: ${checks.map((x) => x.name).join(', ')}`);
  return c;
};

describe('limber doctor --aws', () => {
  it('a ready account passes every check', async () => {
    account = healthy();
    const checks = await doctor({ activeSet: 'Limber-inbound' });
    expect(checks.filter((c) => c.verdict !== 'pass').map((c) => `${c.name}: ${c.detail}`)).toEqual([]);
    expect(verdictOf(checks, 'SES production access and quota').detail).toContain('50000 a day, 14/s');
    expect(formatChecks(checks)).toMatch(/\d+ pass, 0 fail, 0 cannot tell$/);
  });

  it('a fresh account: sandbox, unverified identity, no DNS, no active rule set, the placeholder Twilio token', async () => {
    account = healthy();
    account.sesAccount = { ...account.sesAccount, ProductionAccessEnabled: false, SendQuota: { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 0 } };
    account.identity = {
      ...(account.identity as object),
      VerifiedForSendingStatus: false,
      DkimAttributes: { SigningEnabled: true, Status: 'PENDING', Tokens: [] },
    };
    account.secrets['Limber/twilio-auth-token'] = 'GeneratedPlaceholderValue0123456';
    account.service = { ...account.service, inbound_request_url: null };
    account.campaigns = [];
    const checks = await doctor({ zone: {}, activeSet: 'OtherApp-rules' });
    const failed = (name: string | RegExp) => {
      const c = verdictOf(checks, name);
      expect(c.verdict, c.name).toBe('fail');
      expect(c.fix, c.name).toBeTruthy();
      return c;
    };
    expect(failed('SES production access and quota').fix).toMatch(/put-account-details --production-access-enabled/);
    expect(failed('SES identity limber.example').fix).toMatch(/DkimRecord/);
    expect(failed('DMARC limber.example').fix).toContain('_dmarc.limber.example TXT');
    failed('SPF limber.example');
    expect(failed('MX reply.limber.example').fix).toContain('inbound-smtp.eu-west-1.amazonaws.com');
    const rules = failed('receipt rule set active');
    expect(rules.detail).toContain('OtherApp-rules');
    expect(rules.fix).toContain('replaces OtherApp-rules');
    expect(failed('secret Limber/twilio-auth-token').detail).toMatch(/401/);
    // With the wrong token Twilio answers nothing else: those checks cannot tell.
    expect(verdictOf(checks, /^Messaging Service/).verdict).toBe('cannot tell');
  });

  it('Twilio: a webhook pointing elsewhere and a campaign under review fail with the fix', async () => {
    account = healthy();
    account.service = { ...account.service, inbound_request_url: 'https://old.example/sms' };
    account.campaigns = [{ campaign_status: 'IN_PROGRESS' }];
    const checks = await doctor({ activeSet: 'Limber-inbound' });
    expect(verdictOf(checks, /^Messaging Service/)).toMatchObject({ verdict: 'fail', fix: expect.stringContaining(WEBHOOK) });
    expect(verdictOf(checks, 'A2P 10DLC campaign')).toMatchObject({ verdict: 'fail', detail: 'IN_PROGRESS' });
  });

  it('a toll-free number: its own webhook and its Toll-Free Verification state', async () => {
    account = healthy();
    account.numbers = [{ sid: `PN${'d'.repeat(32)}`, phone_number: '+18885550100', sms_url: WEBHOOK, sms_method: 'POST' }];
    account.tollfree = [{ sid: `HH${'e'.repeat(32)}`, status: 'PENDING_REVIEW' }];
    const t = target({ twilioMessagingServiceSid: '', twilioFrom: '+18885550100' });
    const checks = await doctor({ activeSet: 'Limber-inbound', t });
    expect(verdictOf(checks, 'number +18885550100').verdict).toBe('pass');
    expect(verdictOf(checks, 'toll-free verification')).toMatchObject({ verdict: 'fail', detail: 'PENDING_REVIEW' });
    account.tollfree = [{ status: 'TWILIO_APPROVED' }];
    expect(verdictOf(await doctor({ activeSet: 'Limber-inbound', t }), 'toll-free verification').verdict).toBe('pass');
  });

  it('a reader that fails (no permission, identity missing) makes its check "cannot tell" or fail, never a crash', async () => {
    account = healthy();
    account.identity = 'missing';
    const checks = await doctor({ activeSet: undefined });
    expect(verdictOf(checks, 'SES identity limber.example').verdict).toBe('cannot tell');
    expect(verdictOf(checks, 'receipt rule set active')).toMatchObject({ verdict: 'fail', detail: expect.stringMatching(/no active set/) });
  });

  it('email only: no Twilio checks beyond saying so', async () => {
    account = healthy();
    const t = doctorTarget(
      loadDeployConfig((k) => ({ fromEmail: 'coach@limber.example', replyDomain: 'reply.limber.example' })[k], {}),
      'eu-west-1',
    );
    const checks = await doctor({ activeSet: 'Limber-inbound', t });
    expect(verdictOf(checks, 'Twilio')).toMatchObject({ verdict: 'pass', detail: expect.stringMatching(/email only/) });
    expect(checks.some((c) => c.name.includes('twilio-auth-token'))).toBe(false);
  });
});

describe('limber doctor without --aws', () => {
  it('checks public DNS and says what needs --aws', async () => {
    const checks = await runChecks(target(), dnsOnlyFacts(resolver(goodZone())));
    expect(verdictOf(checks, 'DMARC reply.limber.example')).toMatchObject({ verdict: 'pass', detail: expect.stringContaining('at _dmarc.limber.example') });
    expect(verdictOf(checks, 'MX reply.limber.example').verdict).toBe('pass');
    for (const name of ['SES production access and quota', 'receipt rule set active', 'secret Limber/link-keys']) {
      expect(verdictOf(checks, name)).toMatchObject({ verdict: 'cannot tell', fix: expect.any(String) });
      expect(verdictOf(checks, name).detail).toContain('--aws');
    }
  });
});

describe('limber doctor: the deploy configuration', () => {
  it('fails on example.com placeholders and a missing alarm email, passes once both are set', () => {
    const fresh = configChecks(loadDeployConfig(() => undefined, {}));
    expect(fresh.map((c) => c.verdict)).toEqual(['fail', 'fail']);
    expect(fresh[0]!.detail).toMatch(/fromEmail, replyDomain, programName, supportEmail, postalAddress still on their placeholders/);
    expect(configChecks(config({ alarmEmail: 'ops@limber.example' })).map((c) => c.verdict)).toEqual(['pass', 'pass']);
  });
});
