import { z } from 'zod';
import { deleteData, exportCsv, exportData, exportJson } from '../core/data-rights';
import { confirmSubscriber, pauseSubscriber, resumeSubscriber, signUp, unsubscribe } from '../core/enrolment';
import { redactedRef } from '../core/keys';
import { verifyToken, type LinkAction, type LinkPayload } from '../core/links';
import type { EnrolmentContext } from '../core/notify';
import { rateFromLink } from '../core/ratings';
import { parseSignup, signupFromForm } from '../core/signup';
import { actionPage, copy, dataPage, messagePage, PAGE_STYLE, RATE_SCRIPT, ratePage } from './pages/pages';
import { SIGNUP_SCRIPT, signupPage } from './pages/signup';
import { enrolmentContext, httpLogger, lazyEntry } from './enrolment-wiring';
import {
  formFields,
  htmlResponse,
  httpHandler,
  HttpError,
  jsonBody,
  jsonResponse,
  mediaType,
  textResponse,
  type HttpRequest,
  type HttpResult,
  type Logger,
} from './http';

/**
 * The public HTTP API (one Lambda behind an API Gateway HTTP API, payload v2):
 *   GET  /                        sign-up page
 *   POST /signup                  JSON or form body -> 202 (same answer whatever the address's state)
 *   GET  /confirm|rate|unsubscribe|pause|resume|data/:token   a page; NEVER a change of state
 *   POST the same                 the change (RFC 8058 one-click for /unsubscribe)
 * Mail scanners open every link in a message, so only a POST changes anything. The rate page
 * submits its POST from script for a person, with a button as fallback.
 */

export interface ApiOptions {
  ctx: EnrolmentContext;
  log?: Logger;
  /** Sign-ups per client IP per window. */
  signupLimit?: { max: number; windowSeconds: number };
}

const SIGNUP_MAX_BODY = 8 * 1024;
const LINK_ACTIONS = ['confirm', 'rate', 'unsubscribe', 'pause', 'resume', 'data'] as const;
const LINK_ROUTE = /^\/(confirm|rate|unsubscribe|pause|resume|data)\/([A-Za-z0-9_.-]{1,512})\/?$/;
const Score = z.coerce.number().int().min(0).max(10);

const page = (status: number, body: string, extra: Record<string, string> = {}) =>
  htmlResponse(status, body, { styles: [PAGE_STYLE] }, extra);
const message = (status: number, m: { title: string; heading: string; text: readonly string[] }, warn?: readonly string[]) =>
  page(status, messagePage({ ...m, warn }));

export function createApiHandler(opts: ApiOptions): (event: unknown) => Promise<HttpResult> {
  const { ctx } = opts;
  const limit = opts.signupLimit ?? { max: 20, windowSeconds: 600 };

  async function route(req: HttpRequest): Promise<HttpResult> {
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    if (req.path === '/' || req.path === '/signup') {
      if (method === 'GET') return htmlResponse(200, signupPage(), { styles: [PAGE_STYLE], scripts: [SIGNUP_SCRIPT] });
      if (method === 'POST' && req.path === '/signup') return postSignup(req);
      throw new HttpError(405, 'method-not-allowed', undefined, { allow: req.path === '/' ? 'GET, HEAD' : 'GET, HEAD, POST' });
    }
    const m = LINK_ROUTE.exec(req.path);
    if (!m) return message(404, copy.notFound);
    if (method !== 'GET' && method !== 'POST') throw new HttpError(405, 'method-not-allowed', undefined, { allow: 'GET, HEAD, POST' });
    const action = m[1] as (typeof LINK_ACTIONS)[number];
    const verified = verifyToken(ctx.linkKeys, m[2]!, ctx.clock.now(), action);
    if (!verified.ok) {
      opts.log?.('info', 'link refused', { action, reason: verified.reason });
      if (verified.reason === 'expired') return message(410, action === 'confirm' ? copy.expiredConfirm : copy.expired);
      return message(404, copy.invalid);
    }
    return method === 'GET' ? linkPage(action, req) : linkPost(action, verified.payload, req);
  }

  async function postSignup(req: HttpRequest): Promise<HttpResult> {
    if (req.body.length > SIGNUP_MAX_BODY) throw new HttpError(413, 'body-too-large');
    const type = mediaType(req);
    const wantsHtml = type !== 'application/json' && !(req.headers.accept ?? '').includes('application/json');
    const now = ctx.clock.now();
    const window = Math.floor(now / 1000 / limit.windowSeconds);
    // The window is part of the key, so each window is a fresh counter that expires on its own.
    const rl = await ctx.store.consumeRateLimit(
      `signup#${redactedRef(req.sourceIp)}#${window}`,
      limit.max,
      (window + 1) * limit.windowSeconds + 60,
    );
    if (!rl.allowed) {
      opts.log?.('warn', 'sign-up rate limited', { ip: redactedRef(req.sourceIp) });
      throw new HttpError(429, 'too-many-requests', { message: 'Too many sign-ups from here. Please try again later.' }, {
        'retry-after': String(limit.windowSeconds),
      });
    }
    let body: unknown;
    if (type === 'application/json') body = jsonBody(req);
    else if (type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data') body = signupFromForm(formFields(req));
    else throw new HttpError(415, 'unsupported-media-type', { message: 'Send JSON or a form.' });
    const parsed = parseSignup(body);
    if (!parsed.ok) {
      if (wantsHtml) {
        const lines = Object.entries(parsed.fields).map(([k, v]) => `${k}: ${v}`);
        return message(400, { title: 'Please check the form', heading: 'Please check the form', text: lines });
      }
      return jsonResponse(400, { error: 'invalid-fields', fields: parsed.fields });
    }
    const outcome = await signUp(ctx, parsed.request);
    opts.log?.('info', 'sign-up', { outcome, channel: parsed.request.channel });
    if (outcome === 'not-sent') {
      // Not a 5xx: nothing is wrong with the request, and a retry later may well work.
      const text = 'We could not send your confirmation just now. Please try again later.';
      if (wantsHtml) return message(200, { title: 'Please try again later', heading: 'We could not send your confirmation', text: [text] });
      return jsonResponse(200, { status: 'not-sent', message: text });
    }
    const text =
      parsed.request.channel === 'email'
        ? 'Thanks! Check your inbox for a message from Limber and confirm your sign-up within 48 hours.'
        : 'Thanks! We have texted you: reply YES within 48 hours to confirm.';
    // The same answer for every outcome: the form must not reveal who is subscribed.
    if (wantsHtml) return message(202, { title: 'Check your messages', heading: 'Almost done', text: [text] });
    return jsonResponse(202, { status: 'pending', message: text });
  }

  async function linkPage(action: LinkAction, req: HttpRequest): Promise<HttpResult> {
    switch (action) {
      case 'confirm':
        return page(200, actionPage(copy.confirm));
      case 'unsubscribe':
        return page(200, actionPage(copy.unsubscribe));
      case 'pause':
        return page(200, actionPage(copy.pause));
      case 'resume':
        return page(200, actionPage(copy.resume));
      case 'data':
        return page(200, dataPage());
      case 'rate': {
        const score = Score.safeParse(req.query.get('score'));
        if (!score.success) return message(400, copy.badScore);
        return htmlResponse(200, ratePage(score.data), { styles: [PAGE_STYLE], scripts: [RATE_SCRIPT] });
      }
      default:
        return message(404, copy.notFound);
    }
  }

  async function linkPost(action: LinkAction, payload: LinkPayload, req: HttpRequest): Promise<HttpResult> {
    const id = payload.s;
    switch (action) {
      case 'confirm': {
        const r = await confirmSubscriber(ctx, id);
        if (r === 'confirmed' || r === 'already') return message(200, copy.confirmed);
        if (r === 'expired') return message(410, copy.expiredConfirm);
        if (r === 'not-found') return message(404, copy.expiredConfirm);
        return message(409, copy.notPending);
      }
      case 'unsubscribe':
        // RFC 8058: the one-click POST (List-Unsubscribe=One-Click) answers 200, no redirect, no cookie.
        // The body is not needed to act, so any body (form, multipart, none) unsubscribes; repeats are harmless.
        await unsubscribe(ctx, id, 'link');
        return message(200, copy.unsubscribed);
      case 'pause': {
        const r = await pauseSubscriber(ctx, id, 'self');
        return r === 'done' || r === 'already' ? message(200, copy.paused) : message(409, copy.cannotChange);
      }
      case 'resume': {
        const r = await resumeSubscriber(ctx, id);
        return r === 'done' || r === 'already' ? message(200, copy.resumed) : message(409, copy.cannotChange);
      }
      case 'rate': {
        const fields = formFields(req);
        const score = Score.safeParse(fields.get('score') ?? req.query.get('score'));
        if (!score.success) return message(400, copy.badScore);
        const r = await rateFromLink(ctx, id, payload.d ?? 0, score.data);
        if (r.kind === 'not-found') return message(404, copy.invalid);
        if (r.kind === 'inactive') return message(409, copy.inactive);
        const warn = r.escalation === 'safetyUrgent' ? copy.safetyUrgent : r.escalation === 'safety' ? copy.safety : undefined;
        return message(200, copy.thanks(r.score), warn);
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
      opts.log?.('info', 'data exported', { ref: redactedRef(id), format });
      const file = `limber-my-data.${format}`;
      const disposition = { 'content-disposition': `attachment; filename="${file}"` };
      return format === 'json'
        ? textResponse(200, exportJson(data), 'application/json; charset=utf-8', disposition)
        : textResponse(200, exportCsv(data), 'text/csv; charset=utf-8', disposition);
    }
    if (what === 'delete') {
      if (fields.get('confirm') !== 'yes') return message(400, copy.deleteNeedsConfirm);
      await deleteData({ store: ctx.store, pepper: ctx.pepper, nowIso: new Date(ctx.clock.now()).toISOString(), log: ctx.log }, id);
      return message(200, copy.deleted);
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

/** The Lambda entry point (API Gateway HTTP API, payload v2). */
export const handler = lazyEntry(async (w) =>
  createApiHandler({ ctx: await enrolmentContext(w), log: httpLogger(w.logger) }),
);
