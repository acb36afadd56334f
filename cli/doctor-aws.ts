import { Resolver } from 'node:dns/promises';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DescribeActiveReceiptRuleSetCommand, SESClient } from '@aws-sdk/client-ses';
import { GetAccountCommand, GetEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { DoctorFacts, TwilioFacts } from './doctor-checks';

/**
 * The readers behind `limber doctor --aws`: the account through the operator's own credentials
 * (SES v2, Secrets Manager, SES v1 for receipt rules), DNS through node:dns, Twilio's REST API with
 * the auth token from Secrets Manager. Everything is injectable (clients, resolver, fetch, base
 * URLs) so the tests run these readers against recorded answers.
 */

/** The few node:dns Resolver methods the checks use. */
export type DnsResolver = Pick<Resolver, 'resolveTxt' | 'resolveMx'>;

export interface AwsFactsOptions {
  region: string;
  ses?: SESv2Client;
  /** SES v1, for DescribeActiveReceiptRuleSet only (SES v2 has no receipt rules). */
  sesV1?: SESClient;
  secrets?: SecretsManagerClient;
  dns?: DnsResolver;
  twilio?: TwilioFacts;
}

const noRecords = (err: unknown) => ['ENODATA', 'ENOTFOUND'].includes((err as { code?: string }).code ?? '');

export function awsFacts(o: AwsFactsOptions): DoctorFacts {
  const ses = o.ses ?? new SESv2Client({ region: o.region });
  const secrets = o.secrets ?? new SecretsManagerClient({ region: o.region });
  const sesV1 = o.sesV1 ?? new SESClient({ region: o.region });
  const dns = o.dns ?? new Resolver();
  return {
    async sesAccount() {
      const a = await ses.send(new GetAccountCommand({}));
      return {
        productionAccessEnabled: a.ProductionAccessEnabled === true,
        sendingEnabled: a.SendingEnabled !== false,
        max24HourSend: a.SendQuota?.Max24HourSend,
        maxSendRate: a.SendQuota?.MaxSendRate,
        sentLast24Hours: a.SendQuota?.SentLast24Hours,
        enforcementStatus: a.EnforcementStatus,
      };
    },
    async sesIdentity(identity) {
      const id = await ses.send(new GetEmailIdentityCommand({ EmailIdentity: identity }));
      return {
        verifiedForSendingStatus: id.VerifiedForSendingStatus === true,
        dkimStatus: id.DkimAttributes?.Status,
        dkimSigningEnabled: id.DkimAttributes?.SigningEnabled,
      };
    },
    txt: (name) => dns.resolveTxt(name).catch((err) => (noRecords(err) ? [] : Promise.reject(err))),
    mx: (name) => dns.resolveMx(name).catch((err) => (noRecords(err) ? [] : Promise.reject(err))),
    activeReceiptRuleSet: async () => (await sesV1.send(new DescribeActiveReceiptRuleSetCommand({}))).Metadata?.Name,
    async secret(name) {
      const out = await secrets.send(new GetSecretValueCommand({ SecretId: name }));
      return out.SecretString === undefined || out.SecretString === '' ? undefined : out.SecretString;
    },
    twilio: o.twilio,
  };
}

export interface TwilioRestOptions {
  accountSid: string;
  authToken: string;
  fetch?: typeof fetch;
  /** https://api.twilio.com and https://messaging.twilio.com unless a test points them elsewhere. */
  apiBaseUrl?: string;
  messagingBaseUrl?: string;
}

/** Twilio's REST API read with the account's token (Basic auth), as its documentation describes. */
export function twilioRest(o: TwilioRestOptions): TwilioFacts {
  const f = o.fetch ?? fetch;
  const api = o.apiBaseUrl ?? 'https://api.twilio.com';
  const messaging = o.messagingBaseUrl ?? 'https://messaging.twilio.com';
  const auth = `Basic ${Buffer.from(`${o.accountSid}:${o.authToken}`).toString('base64')}`;
  const get = async (url: string): Promise<Record<string, any>> => {
    const res = await f(url, { headers: { authorization: auth, accept: 'application/json' } });
    const body = (await res.json().catch(() => ({}))) as Record<string, any>;
    if (!res.ok)
      throw Object.assign(new Error(`Twilio ${res.status} ${body.code ?? ''} ${body.message ?? ''}`.trim()), { status: res.status, name: 'TwilioError' });
    return body;
  };
  // v1 list pages name their list in meta.key (the official client reads it the same way).
  const items = (page: Record<string, any>): Record<string, any>[] => page[page.meta?.key] ?? Object.values(page).find(Array.isArray) ?? [];
  const account = `${api}/2010-04-01/Accounts/${o.accountSid}`;
  return {
    account: async () => ({ status: String((await get(`${account}.json`)).status) }),
    async messagingService(sid) {
      const s = await get(`${messaging}/v1/Services/${sid}`);
      return { inboundRequestUrl: s.inbound_request_url ?? null, useInboundWebhookOnNumber: s.use_inbound_webhook_on_number === true };
    },
    a2pCampaigns: async (sid) =>
      items(await get(`${messaging}/v1/Services/${sid}/Compliance/Usa2p`)).map((c) => ({ campaignStatus: String(c.campaign_status) })),
    async phoneNumber(e164) {
      const page = await get(`${account}/IncomingPhoneNumbers.json?PhoneNumber=${encodeURIComponent(e164)}`);
      const n = (page.incoming_phone_numbers as Record<string, any>[] | undefined)?.[0];
      return n ? { sid: String(n.sid), smsUrl: n.sms_url ?? null } : undefined;
    },
    async tollfreeVerification(phoneNumberSid) {
      const v = items(await get(`${messaging}/v1/Tollfree/Verifications?TollfreePhoneNumberSid=${phoneNumberSid}`))[0];
      return v ? { status: String(v.status) } : undefined;
    },
  };
}
