import { describe, expect, it } from 'vitest';
import { contrastRatio, DEFAULT_BRAND_COLOUR, MIN_CONTRAST } from '../../functions/core/brand';
import { fromHeader } from '../../functions/adapters/ses-mailer';
import { loadDeployConfig, placeholderKeys } from '../../infra/config';

/** The brand settings at synth (DeployConfig): a bad value is named with where it came from. */
const deploy = (context: Record<string, unknown>, env: Record<string, string> = {}) => loadDeployConfig((k) => context[k], env);
const problems = (context: Record<string, unknown>, env: Record<string, string> = {}): string => {
  try {
    deploy(context, env);
    return '';
  } catch (err) {
    return (err as Error).message;
  }
};

describe('brand settings at synth', () => {
  it.each([
    ['brandColour', '#7fc8ff', /brandColour \(context "brandColour"\): too light: 1\.\d\d:1 with white text/],
    ['brandColour', 'teal', /brandColour .*expected a colour as #rrggbb/],
    ['supportPhone', '555-1234', /supportPhone .*expected an E\.164 phone number/],
    ['privacyUrl', 'http://clinic.example/privacy', /privacyUrl .*expected an https:\/\/ URL/],
    ['termsUrl', 'http://clinic.example/terms', /termsUrl .*expected an https:\/\/ URL/],
    ['programName', 'Back Care \u2013 Northside', /programName .*GSM-7/],
    ['programName', 'Northside Physio Lower Back Care Program', /programName .*at most 30 characters/],
    ['postalAddress', '2 Clinic Road\nNorthside', /postalAddress .*one line/],
    ['senderName', 'Evil <x@y>', /senderName .*angle brackets/],
    ['supportEmail', 'not an address', /supportEmail .*expected an email address/],
  ])('rejects %s = %j, naming the field', (key, value, message) => {
    expect(problems({ [key]: value })).toMatch(message);
  });

  it('names the environment variable when the value came from there', () => {
    expect(problems({}, { LIMBER_DEPLOY_BRAND_COLOUR: '#ffff00' })).toMatch(/brandColour \(env LIMBER_DEPLOY_BRAND_COLOUR\): too light/);
  });

  it('a fresh clone synthesizes on placeholders, and says which are still placeholders', () => {
    const fresh = deploy({});
    expect(fresh.programName).not.toMatch(/limber/i);
    expect(placeholderKeys(fresh)).toEqual(['fromEmail', 'replyDomain', 'programName', 'supportEmail', 'postalAddress']);
    const set = deploy({
      fromEmail: 'coach@northside.example',
      replyDomain: 'reply.northside.example',
      programName: 'Northside Back Care',
      supportEmail: 'help@northside.example',
      postalAddress: '2 Clinic Road, Northside, NS1 2AB',
      brandColour: '#1D4ED8',
    });
    expect(placeholderKeys(set)).toEqual([]);
    expect(set.brandColour).toBe('#1d4ed8');
  });
});

describe('colour contrast (WCAG 2.x)', () => {
  it('computes the known ratios, and the default passes AA on white and on the email background', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio(DEFAULT_BRAND_COLOUR, '#ffffff')).toBeGreaterThanOrEqual(MIN_CONTRAST);
  });
});

describe('the From header', () => {
  it('quotes an ASCII display name and encodes any other (SES takes 7-bit ASCII only)', () => {
    expect(fromHeader('coach@clinic.example', 'Back Care at Northside Physio')).toBe('"Back Care at Northside Physio" <coach@clinic.example>');
    expect(fromHeader('coach@clinic.example', 'Rückenschule Nord')).toBe(
      `=?UTF-8?B?${Buffer.from('Rückenschule Nord').toString('base64')}?= <coach@clinic.example>`,
    );
    expect(fromHeader('coach@clinic.example')).toBe('coach@clinic.example');
    expect(() => fromHeader('coach@clinic.example', 'x"\r\nBcc: a@b')).toThrow(/quote/);
  });
});
