import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENV } from '../functions/config';
import { LOCAL_BRAND } from '../functions/core/brand';

/**
 * What the local stack runs with: its secrets (generated once per data folder) and the runtime
 * variables every handler reads, the same the CDK stack sets on every function.
 */

/** The brand settings a test may override to play another operator (functions/config.ts ENV names). */
export const BRAND_ENV = [
  ENV.programName,
  ENV.senderName,
  ENV.supportEmail,
  ENV.supportPhone,
  ENV.postalAddress,
  ENV.privacyUrl,
  ENV.termsUrl,
  ENV.brandColour,
] as const;

export interface LocalSecrets {
  linkKeys: string;
  twilioAuthToken: string;
  addressPepper: string;
  /** The local webhook receiver's signing secret (whsec_...). */
  webhookSecret?: string;
}

export const SECRET_NAMES = {
  linkKeys: 'limber-local/link-keys',
  twilioAuthToken: 'limber-local/twilio-auth-token',
  addressPepper: 'limber-local/address-pepper',
};
export const LOCAL_TWILIO = { accountSid: `AC${'0'.repeat(31)}1`, number: '+15005550006' };

/** Secrets are generated once per data folder (so ids and links survive restarts), fixed in memory mode. */
export function localSecrets(memory: boolean, dataDir: string): LocalSecrets {
  if (memory) {
    return {
      linkKeys: JSON.stringify([{ id: 'local1', secret: 'local-link-signing-secret-not-for-production-use' }]),
      twilioAuthToken: 'local-twilio-auth-token-0123456789',
      addressPepper: 'local-address-pepper-not-for-production-use',
      webhookSecret: `whsec_${Buffer.from('local-webhook-secret-not-for-production').toString('base64')}`,
    };
  }
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
    if (kept.webhookSecret) return kept;
    // Data folders from before webhooks existed: add the secret, keep the rest.
    const added = { ...kept, webhookSecret: `whsec_${randomBytes(32).toString('base64')}` };
    writeFileSync(file, JSON.stringify(added, null, 2), { mode: 0o600 });
    return added;
  }
  const made: LocalSecrets = {
    linkKeys: JSON.stringify([{ id: 'k1', secret: randomBytes(32).toString('base64url') }]),
    twilioAuthToken: randomBytes(16).toString('hex'),
    addressPepper: randomBytes(32).toString('base64url'),
    webhookSecret: `whsec_${randomBytes(32).toString('base64')}`,
  };
  writeFileSync(file, JSON.stringify(made, null, 2), { mode: 0o600 });
  return made;
}

/**
 * The local stack's runtime configuration: the same variables the CDK stack sets on every function
 * (test/infra/config-parity.test.ts checks that), with local values and the stand-ins' endpoints.
 */
export function localRuntimeEnv(p: {
  tableName: string;
  publicBaseUrl: string;
  dynamoUrl: string;
  sesUrl: string;
  twilioUrl: string;
  imageBaseUrl?: string;
  smsPictures?: boolean;
}): Record<string, string> {
  return {
    ...(p.imageBaseUrl ? { [ENV.imageBaseUrl]: p.imageBaseUrl } : {}),
    [ENV.smsPictures]: String(p.smsPictures ?? false),
    [ENV.tableName]: p.tableName,
    [ENV.publicBaseUrl]: p.publicBaseUrl,
    [ENV.fromEmail]: 'coach@limber.local',
    [ENV.replyDomain]: 'reply.limber.local',
    // The local example brand (core/brand.ts LOCAL_BRAND); no privacy URL: the program's own /privacy page.
    [ENV.programName]: LOCAL_BRAND.programName,
    [ENV.senderName]: LOCAL_BRAND.senderName,
    [ENV.supportEmail]: LOCAL_BRAND.supportEmail,
    [ENV.supportPhone]: LOCAL_BRAND.supportPhone!,
    [ENV.postalAddress]: LOCAL_BRAND.postalAddress,
    [ENV.brandColour]: LOCAL_BRAND.colour,
    [ENV.twilioAccountSid]: LOCAL_TWILIO.accountSid,
    [ENV.twilioFrom]: LOCAL_TWILIO.number,
    [ENV.twilioMps]: '10',
    // Demo numbers from many countries may sign up (on AWS: the sending number's country by default).
    [ENV.smsCountries]: 'US,CA,GB,GG,JE,IM,IE,DE,AT,CH,FR,BE,NL,ES,PT,IT,DK,SE,NO,FI,AU,NZ',
    // A whole demo class signs up from one machine.
    [ENV.signupLimitPerIp]: '200',
    [ENV.signupLimitWindowSeconds]: '600',
    [ENV.secretLinkKeys]: SECRET_NAMES.linkKeys,
    [ENV.secretTwilioAuthToken]: SECRET_NAMES.twilioAuthToken,
    [ENV.secretAddressPepper]: SECRET_NAMES.addressPepper,
    [ENV.dynamoEndpoint]: p.dynamoUrl,
    [ENV.sesEndpoint]: p.sesUrl,
    [ENV.twilioBaseUrl]: p.twilioUrl,
  };
}
