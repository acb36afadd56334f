import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../functions/config';
import { functionLogicalId, synthLimber, wired, type Synthesized } from './synth';
import { localRuntimeEnv } from '../../local/runtime-env';

/**
 * The local stack and AWS differ only in configuration and endpoints (issue 16): every setting the
 * local stack gives its handlers is also set by the CDK stack on every function, so a setting that
 * exists only locally (as the HELP contact once did) fails here.
 */
const ENDPOINTS_ONLY_LOCAL = new Set<string>([ENV.dynamoEndpoint, ENV.sesEndpoint, ENV.sqsEndpoint, ENV.s3Endpoint, ENV.twilioBaseUrl]);
/** Known gaps, each with its reason; a new entry needs one. */
const NOT_YET_ON_AWS: Record<string, string> = {};

describe('configuration parity: local stack vs CDK stack', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthLimber({ twilioAccountSid: `AC${'1'.repeat(32)}`, twilioFrom: '+15005550006', supportPhone: '+15005550100' });
  });
  afterAll(() => s?.cleanup());

  const local = localRuntimeEnv({
    tableName: 'limber-local',
    publicBaseUrl: 'http://127.0.0.1:1',
    dynamoUrl: 'http://d',
    sesUrl: 'http://s',
    twilioUrl: 'http://t',
    imageBaseUrl: 'http://127.0.0.1:2/illustrations',
  });
  const shared = Object.keys(local).filter((k) => !ENDPOINTS_ONLY_LOCAL.has(k) && !(k in NOT_YET_ON_AWS));

  it('the local stack sets settings besides its endpoints (the test checks something)', () => {
    expect(shared.length).toBeGreaterThan(10);
    // The brand: the HELP contact once existed only locally.
    for (const k of [ENV.programName, ENV.senderName, ENV.supportEmail, ENV.supportPhone, ENV.postalAddress, ENV.brandColour]) expect(shared).toContain(k);
  });

  it.each([...wired])('%s gets every setting the local stack uses', (handler) => {
    const fn = s.template.toJSON().Resources[functionLogicalId(s, handler)];
    const vars = Object.keys(fn.Properties.Environment.Variables as Record<string, unknown>);
    const missing = shared.filter((k) => !vars.includes(k));
    expect(missing, `${handler} lacks ${missing.join(', ')}`).toEqual([]);
    for (const k of ENDPOINTS_ONLY_LOCAL) expect(vars, `${handler} must not point at a stand-in`).not.toContain(k);
  });
});
