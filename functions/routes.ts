import { LinkAction } from './core/links';
import { STATUS_CALLBACK_PATH } from './core/send-key';

/**
 * Every public path, declared once: the handlers route by these, the CDK stack creates these API
 * routes, the local stack serves them, and Twilio is configured to call the webhooks at the public
 * URL plus these paths. A path written anywhere else is a bug waiting to drift.
 */
export const ROUTES = {
  signupPage: '/',
  signup: '/signup',
  /** The default privacy notice, for operators without a policy page of their own. */
  privacy: '/privacy',
  /** The default messaging terms (A2P 10DLC), for operators without terms of their own. */
  terms: '/terms',
  twilioInbound: '/twilio/inbound',
  // The core builds status callback URLs, so the path's one definition lives there.
  twilioStatus: STATUS_CALLBACK_PATH,
  dashboard: '/dashboard',
  /** POST: an operator moves an escalation (the dashboard's one write; IAM-authorized like every dashboard route). */
  dashboardEscalationMove: '/dashboard/escalations/move',
} as const;

/** The signed links people open from our messages (GET shows a page, POST makes the change). */
export const WEB_LINK_ACTIONS = LinkAction.options.filter((a): a is Exclude<LinkAction, 'reply'> => a !== 'reply');
export type WebLinkAction = (typeof WEB_LINK_ACTIONS)[number];

/** `/rate/<token>` and the like, with the action and the token. */
export const LINK_ROUTE = new RegExp(`^/(${WEB_LINK_ACTIONS.join('|')})/([A-Za-z0-9_.-]{1,512})/?$`);

/** The route without its token, for logs. */
export function routeOf(path: string | undefined): string {
  if (!path) return '-';
  return path.replace(new RegExp(`^/(${WEB_LINK_ACTIONS.join('|')})/.*`), '/$1/:token').slice(0, 64);
}

/** A public URL for one of the routes above. */
export function publicUrl(publicBaseUrl: string, path: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${path}`;
}

/** The receipt rule stores inbound mail in S3 under this key prefix. */
export const INBOUND_MAIL_PREFIX = 'inbound/';
