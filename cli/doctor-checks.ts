import { parseLinkKeys } from '../functions/core/links';

/**
 * `limber doctor`: what a deployment needs from the account, the DNS and Twilio, checked one by one.
 * Pure: every answer comes through `DoctorFacts` (AWS and Twilio readers in doctor-aws.ts, recorded
 * answers in the tests). A reader that throws makes its check "cannot tell", never a crash. Each
 * check says pass / fail / cannot tell and, unless it passed, the fix in one line.
 */

export type Verdict = 'pass' | 'fail' | 'cannot tell';

export interface Check {
  readonly name: string;
  readonly verdict: Verdict;
  readonly detail: string;
  readonly fix?: string;
}

export interface SesAccountFacts {
  productionAccessEnabled: boolean;
  sendingEnabled: boolean;
  max24HourSend?: number;
  maxSendRate?: number;
  sentLast24Hours?: number;
  enforcementStatus?: string;
}

export interface SesIdentityFacts {
  verifiedForSendingStatus: boolean;
  dkimStatus?: string;
  dkimSigningEnabled?: boolean;
}

export interface TwilioFacts {
  /** Fetches the account with the stored token: throws with status 401 when the token is wrong. */
  account(): Promise<{ status: string }>;
  messagingService(sid: string): Promise<{ inboundRequestUrl: string | null; useInboundWebhookOnNumber: boolean }>;
  /** The A2P 10DLC campaigns (UsAppToPerson) of a Messaging Service. */
  a2pCampaigns(serviceSid: string): Promise<{ campaignStatus: string }[]>;
  /** The number's own record (IncomingPhoneNumbers), undefined when not on this account. */
  phoneNumber(e164: string): Promise<{ sid: string; smsUrl: string | null } | undefined>;
  /** The Toll-Free Verification of a number, undefined when none was submitted. */
  tollfreeVerification(phoneNumberSid: string): Promise<{ status: string } | undefined>;
}

export interface DoctorFacts {
  sesAccount(): Promise<SesAccountFacts>;
  sesIdentity(identity: string): Promise<SesIdentityFacts>;
  /** TXT records of a name (node:dns resolveTxt shape); [] when there are none. */
  txt(name: string): Promise<string[][]>;
  mx(name: string): Promise<{ exchange: string; priority: number }[]>;
  /** The name of the account's active receipt rule set in the region, undefined when none is active. */
  activeReceiptRuleSet(): Promise<string | undefined>;
  /** A secret's value, undefined when it has none. */
  secret(name: string): Promise<string | undefined>;
  twilio?: TwilioFacts;
}

export interface DoctorTarget {
  region: string;
  fromEmail: string;
  replyDomain: string;
  ruleSetName: string;
  secretNames: { linkKeys: string; addressPepper: string; twilioAuthToken: string };
  twilio?: { accountSid: string; messagingServiceSid?: string; from?: string };
  /** The TwilioInboundWebhookUrl stack output (undefined before the first deploy). */
  inboundWebhookUrl?: string;
}

const pass = (name: string, detail: string): Check => ({ name, verdict: 'pass', detail });
const fail = (name: string, detail: string, fix: string): Check => ({ name, verdict: 'fail', detail, fix });
const unknown = (name: string, detail: string, fix: string): Check => ({ name, verdict: 'cannot tell', detail, fix });

async function attempt(name: string, fix: string, run: () => Promise<Check>): Promise<Check> {
  try {
    return await run();
  } catch (err) {
    const e = err as { name?: string; message?: string; status?: number };
    return unknown(name, `could not read it (${e.status ?? e.name ?? 'error'}: ${(e.message ?? '').slice(0, 120)})`, fix);
  }
}

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();
/** The organisational domain, approximately (the last two labels): where DMARC falls back to. */
const orgDomain = (domain: string) => domain.split('.').slice(-2).join('.');
const joined = (records: string[][]) => records.map((parts) => parts.join(''));

async function dmarcRecord(facts: DoctorFacts, domain: string): Promise<{ at: string; record?: string }> {
  for (const at of [...new Set([domain, orgDomain(domain)])]) {
    const record = joined(await facts.txt(`_dmarc.${at}`)).find((r) => /^v=DMARC1\b/i.test(r.trim()));
    if (record) return { at, record };
  }
  return { at: domain };
}

async function sesChecks(t: DoctorTarget, f: DoctorFacts): Promise<Check[]> {
  const fromDomain = domainOf(t.fromEmail);
  return Promise.all([
    attempt('SES production access and quota', 'give the credentials ses:GetAccount, or check the SES console', async () => {
      const a = await f.sesAccount();
      const quota = `quota ${a.max24HourSend ?? '?'} a day, ${a.maxSendRate ?? '?'}/s, ${a.sentLast24Hours ?? 0} sent in 24 h`;
      if (!a.sendingEnabled)
        return fail(
          'SES production access and quota',
          `sending is disabled (${a.enforcementStatus ?? 'paused'}); ${quota}`,
          'read the SES console "Reputation" page; sending resumes only when AWS re-enables it',
        );
      if (!a.productionAccessEnabled) {
        return fail(
          'SES production access and quota',
          `sandbox: mail goes only to verified addresses; ${quota}`,
          'request production access: aws sesv2 put-account-details --production-access-enabled --mail-type TRANSACTIONAL ... (docs/deploy.md)',
        );
      }
      return pass('SES production access and quota', `production; ${quota}`);
    }),
    attempt(`SES identity ${fromDomain}`, 'give the credentials ses:GetEmailIdentity', async () => {
      const id = await f.sesIdentity(fromDomain);
      const dkim = `DKIM ${id.dkimStatus ?? 'unknown'}${id.dkimSigningEnabled === false ? ' (signing off)' : ''}`;
      if (id.verifiedForSendingStatus && id.dkimStatus === 'SUCCESS') return pass(`SES identity ${fromDomain}`, `verified, ${dkim}`);
      return fail(
        `SES identity ${fromDomain}`,
        `${id.verifiedForSendingStatus ? 'verified' : 'not verified'}, ${dkim}`,
        'publish the three DkimRecord CNAMEs from the stack outputs; SES verifies within hours of them resolving',
      );
    }),
    ...[fromDomain, t.replyDomain].map((domain) =>
      attempt(`DMARC ${domain}`, `dig TXT _dmarc.${domain}`, async () => {
        const found = await dmarcRecord(f, domain);
        if (found.record) return pass(`DMARC ${domain}`, `${found.record} (at _dmarc.${found.at})`);
        return fail(
          `DMARC ${domain}`,
          'no DMARC record (mailbox providers expect one from bulk senders)',
          `publish _dmarc.${orgDomain(domain)} TXT "v=DMARC1; p=none; rua=mailto:dmarc@${orgDomain(domain)}"`,
        );
      }),
    ),
    ...[fromDomain, t.replyDomain].map((domain) =>
      attempt(`SPF ${domain}`, `dig TXT ${domain}`, async () => {
        const spf = joined(await f.txt(domain)).filter((r) => /^v=spf1\b/i.test(r.trim()));
        if (spf.length > 1)
          return fail(
            `SPF ${domain}`,
            `${spf.length} SPF records (receivers treat that as an error)`,
            `merge them into one TXT "v=spf1 ... include:amazonses.com ~all"`,
          );
        if (spf.length === 1 && /include:amazonses\.com/i.test(spf[0]!)) return pass(`SPF ${domain}`, spf[0]!);
        const fixText = `publish ${domain} TXT "v=spf1 include:amazonses.com ~all" (or add include:amazonses.com to the one there)`;
        return fail(`SPF ${domain}`, spf.length === 0 ? 'no SPF record' : `SPF without amazonses.com: ${spf[0]}`, fixText);
      }),
    ),
    attempt(`MX ${t.replyDomain}`, `dig MX ${t.replyDomain}`, async () => {
      const want = `inbound-smtp.${t.region}.amazonaws.com`;
      const mx = await f.mx(t.replyDomain);
      if (mx.some((r) => r.exchange.replace(/\.$/, '').toLowerCase() === want)) return pass(`MX ${t.replyDomain}`, `-> ${want}`);
      return fail(
        `MX ${t.replyDomain}`,
        mx.length ? `points at ${mx.map((r) => r.exchange).join(', ')}` : 'no MX record: replies bounce',
        `publish ${t.replyDomain} MX 10 ${want}`,
      );
    }),
    attempt('receipt rule set active', `aws ses describe-active-receipt-rule-set --region ${t.region}`, async () => {
      const active = await f.activeReceiptRuleSet();
      if (active === t.ruleSetName) return pass('receipt rule set active', `${active} is the active set`);
      const fix = `deploy with activateReceiptRuleSet=true, or: aws ses set-active-receipt-rule-set --rule-set-name ${t.ruleSetName}${active ? ` (replaces ${active})` : ''}`;
      return fail(
        'receipt rule set active',
        active ? `the active set is ${active}, not ${t.ruleSetName}: replies go there` : 'no active set: replies are dropped',
        fix,
      );
    }),
  ]);
}

async function secretChecks(t: DoctorTarget, f: DoctorFacts): Promise<Check[]> {
  const read = (name: string) => `give the credentials secretsmanager:GetSecretValue on ${name}`;
  const checks = [
    attempt(`secret ${t.secretNames.linkKeys}`, read(t.secretNames.linkKeys), async () => {
      const v = await f.secret(t.secretNames.linkKeys);
      if (v === undefined) return fail(`secret ${t.secretNames.linkKeys}`, 'empty', 'redeploy: the stack generates it');
      try {
        return pass(`secret ${t.secretNames.linkKeys}`, `${parseLinkKeys(v).length} key(s)`);
      } catch {
        return fail(
          `secret ${t.secretNames.linkKeys}`,
          'not a valid key list',
          'put [{"id":"k1","secret":"<40+ random characters>"}] (docs/deploy.md, rotating the link key)',
        );
      }
    }),
    attempt(`secret ${t.secretNames.addressPepper}`, read(t.secretNames.addressPepper), async () => {
      const v = await f.secret(t.secretNames.addressPepper);
      if (v !== undefined && v.length >= 32) return pass(`secret ${t.secretNames.addressPepper}`, 'set');
      return fail(
        `secret ${t.secretNames.addressPepper}`,
        v === undefined ? 'empty' : 'shorter than 32 characters',
        'redeploy onto a fresh stack (it is generated); never change it once subscribers exist',
      );
    }),
  ];
  if (t.twilio) {
    const name = t.secretNames.twilioAuthToken;
    checks.push(
      attempt(`secret ${name}`, read(name), async () => {
        if ((await f.secret(name)) === undefined)
          return fail(`secret ${name}`, 'empty', `aws secretsmanager put-secret-value --secret-id ${name} --secret-string "$TWILIO_AUTH_TOKEN"`);
        if (!f.twilio) return unknown(`secret ${name}`, 'set; not checked against Twilio', 'run with --aws');
        try {
          const account = await f.twilio.account();
          return account.status === 'active'
            ? pass(`secret ${name}`, 'Twilio accepts it; account active')
            : fail(`secret ${name}`, `Twilio account ${account.status}`, 'reactivate the account in the Twilio console');
        } catch (err) {
          if ((err as { status?: number }).status === 401) {
            return fail(
              `secret ${name}`,
              "Twilio refuses it (401): still the generated placeholder, or another account's token",
              `aws secretsmanager put-secret-value --secret-id ${name} --secret-string "$TWILIO_AUTH_TOKEN"`,
            );
          }
          throw err;
        }
      }),
    );
  }
  return Promise.all(checks);
}

const isTollFree = (e164: string) => /^\+1(800|833|844|855|866|877|888)\d{7}$/.test(e164);
const isUs = (e164: string) => /^\+1\d{10}$/.test(e164);

async function twilioChecks(t: DoctorTarget, f: DoctorFacts): Promise<Check[]> {
  const tw = t.twilio;
  if (!tw) return [pass('Twilio', 'not configured: email only')];
  if (!f.twilio) return [unknown('Twilio', 'not read', 'run limber doctor --aws (reads Twilio with the stored auth token)')];
  const twilio = f.twilio;
  const webhook = t.inboundWebhookUrl;
  const checks: Promise<Check>[] = [];
  if (tw.messagingServiceSid) {
    const sid = tw.messagingServiceSid;
    checks.push(
      attempt(`Messaging Service ${sid}`, 'check the Messaging Service in the Twilio console', async () => {
        const svc = await twilio.messagingService(sid);
        if (!webhook)
          return unknown(
            `Messaging Service ${sid}`,
            'exists; webhook not compared (no stack outputs)',
            'pass --outputs cdk-outputs.json (cdk deploy --outputs-file)',
          );
        if (svc.useInboundWebhookOnNumber)
          return unknown(`Messaging Service ${sid}`, "exists; it uses each number's own webhook", `set each number's "A message comes in" URL to ${webhook}`);
        if (svc.inboundRequestUrl === webhook) return pass(`Messaging Service ${sid}`, `incoming messages -> ${webhook}`);
        return fail(
          `Messaging Service ${sid}`,
          `incoming messages -> ${svc.inboundRequestUrl ?? 'nowhere (dropped)'}`,
          `Integration -> Send a webhook: Request URL ${webhook} (POST)`,
        );
      }),
      attempt('A2P 10DLC campaign', 'check Trust Hub -> A2P 10DLC in the Twilio console', async () => {
        const campaigns = await twilio.a2pCampaigns(sid);
        const statuses = campaigns.map((c) => c.campaignStatus);
        if (statuses.includes('VERIFIED')) return pass('A2P 10DLC campaign', 'VERIFIED');
        if (statuses.length === 0)
          return fail(
            'A2P 10DLC campaign',
            'none registered: US carriers block unregistered long-code traffic',
            'register a Brand and a Campaign in Trust Hub (docs/deploy.md; days to weeks); not needed for toll-free or non-US numbers',
          );
        return fail('A2P 10DLC campaign', statuses.join(', '), 'wait for the review, or fix what Trust Hub says the campaign lacks');
      }),
    );
  }
  if (tw.from) {
    const from = tw.from;
    checks.push(
      attempt(`number ${from}`, 'check Phone Numbers in the Twilio console', async () => {
        const number = await twilio.phoneNumber(from);
        if (!number) return fail(`number ${from}`, 'not on this Twilio account', 'buy or port it, or set twilioFrom to a number the account holds');
        if (!webhook) return unknown(`number ${from}`, 'on the account; webhook not compared (no stack outputs)', 'pass --outputs cdk-outputs.json');
        if (number.smsUrl === webhook) return pass(`number ${from}`, `"A message comes in" -> ${webhook}`);
        return fail(`number ${from}`, `"A message comes in" -> ${number.smsUrl || 'nothing'}`, `set it to ${webhook} (HTTP POST)`);
      }),
    );
    if (isTollFree(from)) {
      checks.push(
        attempt('toll-free verification', 'check Toll-Free Verifications in the Twilio console', async () => {
          const number = await twilio.phoneNumber(from);
          const v = number ? await twilio.tollfreeVerification(number.sid) : undefined;
          if (v?.status === 'TWILIO_APPROVED') return pass('toll-free verification', 'TWILIO_APPROVED');
          return fail(
            'toll-free verification',
            v ? v.status : 'not submitted: unverified toll-free traffic is blocked',
            'submit (or complete) Toll-Free Verification for the number in the Twilio console',
          );
        }),
      );
    } else if (!tw.messagingServiceSid) {
      checks.push(
        Promise.resolve(
          isUs(from)
            ? unknown(
                'A2P 10DLC campaign',
                'a US long code without a Messaging Service: campaigns attach to services',
                'put the number in a Messaging Service with a registered campaign and set twilioMessagingServiceSid',
              )
            : unknown('sender registration', `${from} is not a US number`, "check the destination countries' sender rules (Twilio's country guidelines)"),
        ),
      );
    }
  }
  return Promise.all(checks);
}

export async function runChecks(t: DoctorTarget, f: DoctorFacts): Promise<Check[]> {
  const groups = await Promise.all([sesChecks(t, f), secretChecks(t, f), twilioChecks(t, f)]);
  return groups.flat();
}

/** One line per check; the fix on the next line when there is one. */
export function formatChecks(checks: readonly Check[]): string {
  const mark: Record<Verdict, string> = { pass: 'pass', fail: 'FAIL', 'cannot tell': '????' };
  const lines = checks.flatMap((c) => [`${mark[c.verdict]}  ${c.name}: ${c.detail}`, ...(c.fix && c.verdict !== 'pass' ? [`      fix: ${c.fix}`] : [])]);
  const n = (v: Verdict) => checks.filter((c) => c.verdict === v).length;
  return [...lines, '', `${n('pass')} pass, ${n('fail')} fail, ${n('cannot tell')} cannot tell`].join('\n');
}
