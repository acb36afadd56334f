import { applyBandFeedback, BandFeedback, bandFeedbackText } from '../core/band-changes';
import { DEFAULT_BAND } from '../core/model';
import type { EnrolmentContext } from '../core/notify';
import { bandFeedbackPage } from './pages/band-feedback';
import { copy, messagePage, pageStyle } from './pages/pages';
import { formFields, htmlResponse, type HttpRequest, type HttpResult } from './http';

/**
 * GET /band/:token?answer=...: the question with its buttons (changes nothing). POST: records the
 * answer with one conditional write (core/band-changes.ts decideFeedback: one step a week at most,
 * never off chair forms) and says what changed. A bad answer is a 400 naming the field.
 */

const page = (ctx: EnrolmentContext, status: number, body: string) => htmlResponse(status, body, { styles: [pageStyle(ctx.brand)] });
const badAnswer = { title: 'Please choose an answer', heading: 'Please choose an answer', text: ['answer: choose too-easy, right or too-hard.'] };

export async function bandFeedbackGet(ctx: EnrolmentContext, id: string, req: HttpRequest): Promise<HttpResult> {
  const given = req.query.get('answer');
  const tapped = given === null ? undefined : BandFeedback.safeParse(given);
  if (tapped && !tapped.success) return page(ctx, 400, messagePage(ctx.brand, badAnswer));
  const sub = await ctx.store.getSubscriber(id);
  if (!sub) return page(ctx, 404, messagePage(ctx.brand, copy.invalid));
  return page(ctx, 200, bandFeedbackPage(ctx.brand, { band: sub.band ?? DEFAULT_BAND, ...(tapped?.success ? { tapped: tapped.data } : {}) }));
}

export async function bandFeedbackPost(ctx: EnrolmentContext, id: string, req: HttpRequest): Promise<HttpResult> {
  const answer = BandFeedback.safeParse(formFields(req).get('answer'));
  if (!answer.success) return page(ctx, 400, messagePage(ctx.brand, badAnswer));
  const r = await applyBandFeedback(ctx, id, answer.data);
  if (r.kind === 'not-found') return page(ctx, 404, messagePage(ctx.brand, copy.invalid));
  if (r.kind === 'conflict') return page(ctx, 409, messagePage(ctx.brand, copy.cannotChange));
  const sub = await ctx.store.getSubscriber(id);
  return page(ctx, 200, bandFeedbackPage(ctx.brand, { band: sub?.band ?? DEFAULT_BAND, said: bandFeedbackText(r, 'page') }));
}
