import { parseSwitch, requestChannelSwitch } from '../core/channel-switch';
import { pauseSubscriber, resumeSubscriber } from '../core/enrolment';
import type { Subscriber } from '../core/model';
import type { Brand } from '../core/brand';
import type { EnrolmentContext } from '../core/notify';
import { changePreferences, parsePreferenceChange } from '../core/preferences';
import { resumeAfterCorrection } from '../core/ratings';
import { copy, messagePage, pageStyle } from './pages/pages';
import { pauseLinkPage, preferencesPage } from './pages/preferences';
import { formFields, htmlResponse, type HttpRequest, type HttpResult } from './http';

/**
 * The routes of issue 21 behind signed links, kept out of api.ts: GET shows the page for the
 * subscriber's current state, POST makes one change (core/preferences.ts) and shows the page again
 * with what changed, in plain words. Bad input is a 400 naming the field; nothing is changed then.
 */

const page = (brand: Brand, status: number, body: string) => htmlResponse(status, body, { styles: [pageStyle(brand)] });
const notice = (brand: Brand, status: number, m: { title: string; heading: string; text: readonly string[] }) => page(brand, status, messagePage(brand, m));

export async function preferencesGet(ctx: EnrolmentContext, id: string): Promise<HttpResult> {
  const sub = await ctx.store.getSubscriber(id);
  if (!sub) return notice(ctx.brand, 404, copy.invalid);
  return page(ctx.brand, 200, preferencesPage(ctx.brand, { sub, nowMs: ctx.clock.now() }));
}

export async function preferencesPost(ctx: EnrolmentContext, id: string, req: HttpRequest): Promise<HttpResult> {
  const fields = formFields(req);
  const sub = await ctx.store.getSubscriber(id);
  if (!sub) return notice(ctx.brand, 404, copy.invalid);
  if (fields.get('action') === 'channel') return switchPost(ctx, sub, fields);
  const parsed = parsePreferenceChange(fields);
  // Shown back after a refusal: the radios only tick an answer that matches one of their values.
  const answers = { reach: fields.get('reach') ?? undefined, floor: fields.get('floor') ?? undefined, back: fields.get('back') ?? undefined };
  const values = { sendAt: fields.get('sendAt') ?? undefined, timezone: fields.get('timezone') ?? undefined, answers };
  if (!parsed.ok) return page(ctx.brand, 400, preferencesPage(ctx.brand, { sub, nowMs: ctx.clock.now(), fields: parsed.fields, values }));
  const r = await changePreferences(ctx, id, parsed.change);
  const now = ctx.clock.now();
  if (r.ok) return page(ctx.brand, 200, preferencesPage(ctx.brand, { sub: r.sub, nowMs: now, said: r.said }));
  if (r.reason === 'not-found') return notice(ctx.brand, 404, copy.invalid);
  const fresh = (await ctx.store.getSubscriber(id)) ?? sub;
  if (r.reason === 'bad-date') return page(ctx.brand, 400, preferencesPage(ctx.brand, { sub: fresh, nowMs: now, fields: r.fields }));
  const said =
    r.reason === 'busy'
      ? 'Nothing was changed: a message is being sent to you right now. Please try again in a minute.'
      : r.reason === 'safety-pause'
        ? 'Your program is paused for your safety, so it does not restart by itself. Resume it yourself when a health professional says it is fine.'
        : 'Nothing was changed: that does not apply to your subscription now.';
  return page(ctx.brand, 409, preferencesPage(ctx.brand, { sub: fresh, nowMs: now, said }));
}

/** GET /pause/:token: Pause while active, Resume once paused (the same link works both ways). */
export async function pauseGet(ctx: EnrolmentContext, id: string): Promise<HttpResult> {
  const sub = await ctx.store.getSubscriber(id);
  return page(ctx.brand, sub ? 200 : 404, pauseLinkPage(ctx.brand, sub, ctx.clock.now()));
}

/** POST /pause/:token: `do=resume` resumes; anything else pauses (as the old pause button did). */
export async function pausePost(ctx: EnrolmentContext, id: string, req: HttpRequest): Promise<HttpResult> {
  const resume = formFields(req).get('do') === 'resume';
  const r = resume ? await resumeSubscriber(ctx, id) : await pauseSubscriber(ctx, id, 'self');
  if (r !== 'done' && r !== 'already') return notice(ctx.brand, 409, copy.cannotChange);
  if (resume) return notice(ctx.brand, 200, copy.resumed);
  const sub = await ctx.store.getSubscriber(id);
  return page(ctx.brand, 200, pauseLinkPage(ctx.brand, sub, ctx.clock.now(), 'Done: your messages are paused.'));
}

/** POST /rate/:token with `do=resume`: the "resume my program" button after a corrected score. */
export async function resumeAfterCorrectionPost(ctx: EnrolmentContext, id: string, programDay: number): Promise<HttpResult> {
  const r = await resumeAfterCorrection(ctx, id, programDay);
  return r === 'done' ? notice(ctx.brand, 200, copy.resumed) : notice(ctx.brand, 409, copy.cannotChange);
}

/** action=channel: confirm the new address first (core/channel-switch.ts); nothing else changes yet. */
async function switchPost(ctx: EnrolmentContext, sub: Subscriber, fields: URLSearchParams): Promise<HttpResult> {
  const now = ctx.clock.now();
  const parsed = parseSwitch(fields, sub);
  if (!parsed.ok) return page(ctx.brand, 400, preferencesPage(ctx.brand, { sub, nowMs: now, fields: parsed.fields }));
  const r = await requestChannelSwitch(ctx, sub, parsed);
  return page(ctx.brand, r.ok ? 200 : 409, preferencesPage(ctx.brand, { sub: (await ctx.store.getSubscriber(sub.id)) ?? sub, nowMs: now, said: r.said }));
}
