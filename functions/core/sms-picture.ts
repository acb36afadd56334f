import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { exerciseView, type RenderRequest } from './messages';
import { dayPlan, loadProgram, type Program } from './program';

/**
 * The picture a daily SMS may carry as MMS (docs/program.md, "MMS"): the start frame of the day's
 * first new exercise, in the form the person is sent. Twilio fetches a MediaUrl itself, so it must be
 * a public http(s) URL; Twilio sends MMS only to US and Canadian numbers (elsewhere its MMS Converter
 * turns the message into an SMS with a link, or it fails), so other numbers get the text alone.
 */

const MMS_COUNTRIES: ReadonlySet<string> = new Set(['US', 'CA']);

/** True when Twilio delivers MMS to this E.164 number's country (libphonenumber-js, metadata only). */
export function mmsCountry(phone: string): boolean {
  const country = parsePhoneNumberFromString(phone)?.country;
  return country !== undefined && MMS_COUNTRIES.has(country);
}

/** The file name of the day's picture, or undefined (not a daily message, or nothing new that day). */
export function smsPictureFile(req: RenderRequest, program: Program = loadProgram()): string | undefined {
  if (req.kind !== 'daily') return undefined;
  const plan = dayPlan(req.level, req.programDay, program, req.band);
  if (plan.session === 'rest') return undefined;
  const item = plan.items.find((i) => i.newThisWeek);
  // exerciseView's frames are drawn once per process; this costs a lookup, not a drawing.
  return item ? exerciseView(item, program).frames.find((f) => f.frame === 'start')?.file : undefined;
}
