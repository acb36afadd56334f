import type { Log } from '../ports';
import { consumeSignupAllowance, DEFAULT_SIGNUP_LIMIT, type SignupLimit } from '../core/signup-limit';
import { LINK_ROUTE, ROUTES, type WebLinkAction } from '../routes';
import * as z from 'zod';
import { consentRecords, deleteData, deletedSummary, exportCsv, exportData, exportJson } from '../core/data-rights';
import { confirmSubscriber, resumeSubscriber, signUp, unsubscribe } from '../core/enrolment';
import { redactedRef } from '../core/identifiers';
import { DEFAULT_BAND, RangeBand } from '../core/model';
import { verifySessionToken, verifyToken, type LinkAction, type LinkPayload } from '../core/links';
import type { EnrolmentContext } from '../core/notify';
import { rateFromLink } from '../core/ratings';
import { rateFunctionFromLink } from '../core/function-rating';
import { cleanActivity } from '../core/function-score';
import { confirmWithActivityPage, functionRatePage } from './pages/function-score';
import { parseSignup, signupFromForm } from '../core/signup';
import { actionPage, copy, dataPage, messagePage, pageStyle, ratePage } from './pages/pages';
import { SIGNUP_SCRIPT, signupPage, signupThanksPage } from './pages/signup';
import { correctedScorePage } from './pages/preferences';
import { pauseGet, pausePost, preferencesGet, preferencesPost, resumeAfterCorrectionPost } from './preferences-links';
import { exerciseSections, sessionPage } from './pages/session';
import { ratedDayExercises } from '../core/rated-day';
import { bandFeedbackGet, bandFeedbackPost } from './band-links';
import { privacyPage } from './pages/privacy';
import { termsPage } from './pages/terms';
import { sessionView } from '../core/session';
import { lambdaEntry, type Build } from '../app/entry';
import { formFields, htmlResponse, httpHandler, HttpError, jsonBody, jsonResponse, mediaType, textResponse, type HttpRequest, type HttpResult } from './http';

/**
 * The public HTTP API (one Lambda behind an API Gateway HTTP API, payload v2):
 *   GET  /                        sign-up page
 *   POST /signup                  JSON or form body -> 202 (same answer whatever the address's state)
 *   GET  /privacy                 the program's own privacy notice (for operators without one)
 *   GET  /terms                   the program's own messaging terms (likewise)
 *   GET  /confirm|rate|unsubscribe|pause|resume|data|preferences|function|band/:token   a page; NEVER a change of state
 *   POST the same                 the change (RFC 8058 one-click for /unsubscribe)
 *   GET  /session/:token          today's exercises with their pictures; reads and writes nothing, no POST
 * Mail scanners open every link in a message (and run its scripts), so only a POST from a button the
 * person presses changes anything; no page submits itself.
 */

export interface ApiOptions {
  ctx: EnrolmentContext;
  log?: Log;
  /** Sign-ups per client IP per window. */
  signupLimit?: SignupLimit;
  /** Where the exercise pictures are served (config imageBaseUrl); unset: the session page has steps only. */
  imageBaseUrl?: string;
}

const SIGNUP_MAX_BODY = 8 * 1024;
/** A pain score is exactly one of "0".."10": no blanks ("" is not 0), hex, signs, decimals or spaces. */
const Score = z
  .string()
  .regex(/^(?:10|[0-9])$/)
  .transform(Number);

/** The fields the sign-up form shows an error beside; any other error is shown under the form. */
const FORM_FIELDS = new Set(['channel', 'email', 'phone', 'country', 'timezone', 'sendAt', 'level', 'reach', 'floor', 'back', 'consent', 'healthConsent']);

export function createApiHandler(opts: ApiOptions): (event: unknown) => Promise<HttpResult> {
  const { ctx } = opts;
  const { brand } = ctx;
  const style = pageStyle(brand);
  const page = (status: number, body: string, extra: Record<string, string> = {}) => htmlResponse(status, body, { styles: [style] }, extra);
  const message = (status: number, m: { title: string; heading: string; text: readonly string[] }, warn?: readonly string[]) =>
    page(status, messagePage(brand, { ...m, warn }));
  const limit = opts.signupLimit ?? DEFAULT_SIGNUP_LIMIT;

  // The privacy notice and the messaging terms depend on the brand only: rendered once per container.
  const noticePages = new Map<string, string>([
    [ROUTES.privacy, privacyPage(brand)],
    [ROUTES.terms, termsPage(brand)],
  ]);

  async function route(req: HttpRequest): Promise<HttpResult> {
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    if (req.path === ROUTES.signupPage || req.path === ROUTES.signup) {
      if (method === 'GET') return htmlResponse(200, signupPage(brand), { styles: [style], scripts: [SIGNUP_SCRIPT] });
      if (method === 'POST' && req.path === '/signup') return postSignup(req);
      throw new HttpError(405, 'method-not-allowed', undefined, { allow: req.path === '/' ? 'GET, HEAD' : 'GET, HEAD, POST' });
    }
    const notice = noticePages.get(req.path);
    if (notice !== undefined) {
      if (method !== 'GET') throw new HttpError(405, 'method-not-allowed', undefined, { allow: 'GET, HEAD' });
      return page(200, notice);
    }
    const m = LINK_ROUTE.exec(req.path);
    if (!m) return message(404, copy.notFound);
    if (method !== 'GET' && method !== 'POST') throw new HttpError(405, 'method-not-allowed', undefined, { allow: 'GET, HEAD, POST' });
    const action = m[1] as WebLinkAction;
    if (action === 'session') return session(method, m[2]!, req.query.get('band'));
    const verified = verifyToken(ctx.linkKeys, m[2]!, ctx.clock.now(), action);
    if (!verified.ok) {
      opts.log?.info('link refused', { action, reason: verified.reason });
      if (verified.reason === 'expired') return message(410, action === 'confirm' ? copy.expiredConfirm : copy.expired);
      return message(404, copy.invalid);
    }
    return method === 'GET' ? linkPage(action, verified.payload, req) : linkPost(action, verified.payload, req);
  }

  const imageBase = opts.imageBaseUrl ? (opts.imageBaseUrl.endsWith('/') ? opts.imageBaseUrl : `${opts.imageBaseUrl}/`) : undefined;
  const imageOrigin = imageBase ? new URL(imageBase).origin : undefined;

  /** Its own short token (links.ts sessionToken): a level and a day, no subscriber; `?band=` picks the forms. */
  function session(method: string, token: string, bandParam: string | null): HttpResult {
    if (method !== 'GET') throw new HttpError(405, 'method-not-allowed', undefined, { allow: 'GET, HEAD' });
    const s = verifySessionToken(ctx.linkKeys, token);
    if (!s) {
      opts.log?.info('link refused', { action: 'session', reason: 'bad-signature' });
      return message(404, copy.invalid);
    }
    const band = RangeBand.safeParse(bandParam ?? DEFAULT_BAND);
    if (!band.success) return message(400, copy.badBand);
    return htmlResponse(200, sessionPage(brand, sessionView(s.level, s.day, undefined, band.data), imageBase), { styles: [style], imageOrigin });
  }

  async function postSignup(req: HttpRequest): Promise<HttpResult> {
    if (req.body.length > SIGNUP_MAX_BODY) throw new HttpError(413, 'body-too-large');
    const type = mediaType(req);
    const wantsHtml = type !== 'application/json' && !(req.headers.accept ?? '').includes('application/json');
    const allowance = await consumeSignupAllowance(ctx, req.sourceIp, limit);
    if (!allowance.allowed) {
      opts.log?.warn('sign-up rate limited', { ip: allowance.ipRef });
      throw new HttpError(
        429,
        'too-many-requests',
        { message: 'Too many sign-ups from here. Please try again later.' },
        {
          'retry-after': String(allowance.retryAfterSeconds),
        },
      );
    }
    let body: unknown;
    let form: URLSearchParams | undefined;
    if (type === 'application/json') body = jsonBody(req);
    else if (type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data') body = signupFromForm((form = formFields(req)));
    else throw new HttpError(415, 'unsupported-media-type', { message: 'Send JSON or a form.' });
    const parsed = parseSignup(body, ctx.smsPolicy);
    if (!parsed.ok) {
      if (wantsHtml) {
        // The form again, each error (which names its field) beside it, and what the person typed kept.
        const errors: Record<string, string> = {};
        for (const [field, text] of Object.entries(parsed.fields)) {
          const at = FORM_FIELDS.has(field) ? field : 'body';
          errors[at] = errors[at] ? `${errors[at]} ${text}` : text;
        }
        const values = Object.fromEntries([...(form ?? new URLSearchParams())].filter(([k]) => FORM_FIELDS.has(k)).map(([k, v]) => [k, v.slice(0, 254)]));
        return htmlResponse(400, signupPage(brand, { values, errors }), { styles: [style], scripts: [SIGNUP_SCRIPT] });
      }
      return jsonResponse(400, { error: 'invalid-fields', fields: parsed.fields });
    }
    const outcome = await signUp(ctx, parsed.request);
    opts.log?.info('sign-up', { outcome, channel: parsed.request.channel });
    if (outcome === 'sms-budget-spent') {
      // The global budget says nothing about this number; a person learns why no text came.
      const m = 'We cannot send more texts right now. Please try again in an hour, or sign up by email.';
      if (wantsHtml) return message(429, { title: 'Please try again later', heading: 'Please try again later', text: [m] });
      return jsonResponse(429, { error: 'sms-budget-spent', message: m }, { 'retry-after': '3600' });
    }
    if (outcome === 'not-sent') {
      // Not a 5xx: nothing is wrong with the request, and a retry later may well work.
      const text = 'We could not send your confirmation just now. Please try again later.';
      if (wantsHtml) return message(200, { title: 'Please try again later', heading: 'We could not send your confirmation', text: [text] });
      return jsonResponse(200, { status: 'not-sent', message: text });
    }
    // The same answer for every outcome (it repeats only what was typed): the form must not reveal who
    // is subscribed. For SMS it also says how a number that texted STOP comes back (only by texting
    // START itself: a web form never re-enrols it), without saying whether it did.
    const { address } = parsed.request;
    const text =
      parsed.request.channel === 'email'
        ? `Thanks! Check your inbox at ${address} for a message from ${brand.senderName} and confirm your sign-up within 48 hours.`
        : `Thanks! Unless ${address} has texted STOP to ${brand.programName}, we have texted it: reply YES within 48 hours to confirm. If you texted STOP before, we will not text you again until you text START to ${ctx.smsNumber ?? `the ${brand.programName} number`}.`;
    if (wantsHtml) return page(202, signupThanksPage(brand, text));
    return jsonResponse(202, { status: 'pending', address, message: text });
  }

  async function linkPage(action: LinkAction, payload: LinkPayload, req: HttpRequest): Promise<HttpResult> {
    switch (action) {
      case 'confirm':
        return page(200, confirmWithActivityPage(brand));
      case 'function': {
        const sub = await ctx.store.getSubscriber(payload.s);
        if (!sub?.functionActivity) return message(404, copy.invalid);
        return page(200, functionRatePage(brand, sub.functionActivity, payload.d ?? 0));
      }
      case 'unsubscribe':
        return page(200, actionPage(brand, copy.unsubscribe(brand.programName)));
      case 'pause':
        return pauseGet(ctx, payload.s);
      case 'preferences':
        return preferencesGet(ctx, payload.s);
      case 'band':
        return bandFeedbackGet(ctx, payload.s, req);
      case 'resume':
        return page(200, actionPage(brand, copy.resume));
      case 'data': {
        const sub = await ctx.store.getSubscriber(payload.s);
        return page(200, dataPage(brand, sub ? consentRecords(sub) : undefined));
      }
      case 'rate': {
        const score = Score.safeParse(req.query.get('score'));
        if (!score.success) return message(400, copy.badScore);
        // A read only: the page shows the rated day's exercises, and nothing is saved until the POST.
        const sub = await ctx.store.getSubscriber(payload.s);
        const exercises = sub ? exerciseSections(ratedDayExercises(sub, payload.d ?? 0), imageBase) : '';
        return htmlResponse(200, ratePage(brand, score.data, exercises), { styles: [style], imageOrigin });
      }
      default:
        return message(404, copy.notFound);
    }
  }

  async function linkPost(action: LinkAction, payload: LinkPayload, req: HttpRequest): Promise<HttpResult> {
    const id = payload.s;
    switch (action) {
      case 'confirm': {
        const fields = formFields(req);
        const functionActivity = cleanActivity(fields.get('activity'));
        const r = await confirmSubscriber(ctx, id, { functionActivity });
        const baseline = Score.safeParse(fields.get('baseline') || undefined);
        if (r === 'confirmed' && functionActivity && baseline.success) await rateFunctionFromLink(ctx, id, 0, baseline.data);
        if (r === 'confirmed' || r === 'already') return message(200, copy.confirmed);
        if (r === 'expired') return message(410, copy.expiredConfirm);
        if (r === 'not-found') return message(404, copy.expiredConfirm);
        return message(409, copy.notPending);
      }
      case 'unsubscribe':
        // RFC 8058: the one-click POST (List-Unsubscribe=One-Click) answers 200, no redirect, no cookie.
        // The body is not needed to act, so any body (form, multipart, none) unsubscribes; repeats are harmless.
        await unsubscribe(ctx, id, 'link');
        return message(200, copy.unsubscribed(brand.programName));
      case 'pause':
        return pausePost(ctx, id, req);
      case 'preferences':
        return preferencesPost(ctx, id, req);
      case 'band':
        return bandFeedbackPost(ctx, id, req);
      case 'resume': {
        const r = await resumeSubscriber(ctx, id);
        return r === 'done' || r === 'already' ? message(200, copy.resumed) : message(409, copy.cannotChange);
      }
      case 'rate': {
        const fields = formFields(req);
        if (fields.get('do') === 'resume') return resumeAfterCorrectionPost(ctx, id, payload.d ?? 0);
        const score = Score.safeParse(fields.get('score') ?? req.query.get('score'));
        if (!score.success) return message(400, copy.badScore);
        const r = await rateFromLink(ctx, id, payload.d ?? 0, score.data);
        if (r.kind === 'not-found') return message(404, copy.invalid);
        if (r.kind === 'inactive') return message(409, copy.inactive);
        if (r.replaced !== undefined) return page(200, correctedScorePage(brand, { score: r.score, replaced: r.replaced }));
        const warn = r.escalation === 'safetyUrgent' ? copy.safetyUrgent : r.escalation === 'safety' ? copy.safety : undefined;
        return message(200, copy.thanks(r.score), warn);
      }
      case 'function': {
        const score = Score.safeParse(formFields(req).get('score'));
        if (!score.success) return message(400, copy.badScore);
        const r = await rateFunctionFromLink(ctx, id, payload.d ?? 0, score.data);
        if (r === 'not-found' || r === 'no-activity') return message(404, copy.invalid);
        if (r !== 'recorded') return message(409, copy.inactive);
        return message(200, { title: 'Saved', heading: 'Thank you', text: [`Saved: ${score.data} out of 10 for this week.`] });
      }
      case 'data':
        return dataPost(id, req);
      default:
        return message(404, copy.notFound);
    }
  }

  async function dataPost(id: string, req: HttpRequest): Promise<HttpResult> {
    const fields = formFields(req);
    const what = fields.get('action');
    if (what === 'export') {
      const format = fields.get('format') === 'json' ? 'json' : 'csv';
      const data = await exportData(ctx.store, id);
      if (!data) return message(404, copy.invalid);
      opts.log?.info('data exported', { ref: redactedRef(id), format });
      const file = `my-data.${format}`; // person-facing: no program name, whichever brand
      const disposition = { 'content-disposition': `attachment; filename="${file}"` };
      return format === 'json'
        ? textResponse(200, exportJson(data), 'application/json; charset=utf-8', disposition)
        : textResponse(200, exportCsv(data), 'text/csv; charset=utf-8', disposition);
    }
    if (what === 'delete') {
      if (fields.get('confirm') !== 'yes') return message(400, copy.deleteNeedsConfirm);
      const found = await deleteData({ store: ctx.store, pepper: ctx.pepper, nowIso: new Date(ctx.clock.now()).toISOString(), log: ctx.log }, id);
      return message(200, copy.deleted(deletedSummary(found)));
    }
    return message(400, { title: 'Unknown action', heading: 'Unknown action', text: ['Please use the buttons on the page.'] });
  }

  return httpHandler(route, {
    log: opts.log,
    renderError: (status, code, detail) => {
      if (code === 'method-not-allowed') return jsonResponse(status, { error: code });
      if (status >= 500) return message(status, copy.error);
      return jsonResponse(status, { error: code, ...(detail ?? {}) });
    },
  });
}

export const buildApiHandler: Build<unknown, HttpResult> = async (w) =>
  createApiHandler({
    ctx: await w.enrolmentContext(),
    log: w.log,
    signupLimit: { max: w.config.signupLimitPerIp, windowSeconds: w.config.signupLimitWindowSeconds },
    imageBaseUrl: w.config.imageBaseUrl,
  });

/** The Lambda entry point (API Gateway HTTP API, payload v2). */
export const handler = lambdaEntry(buildApiHandler);
