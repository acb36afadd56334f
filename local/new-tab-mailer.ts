import type { Mailer, OutboundEmail } from '../functions/ports';

/**
 * Local stack only (issue 21, item 6): aws-ses-v2-local shows a mail's HTML inside a frame, and our
 * pages refuse framing (X-Frame-Options: DENY), so a tapped link would show "refused to connect".
 * This mailer makes every link of the HTML part open a new tab. Mail sent on AWS is untouched: only
 * local/stack.ts wraps its mailer with it.
 */
export class NewTabMailer implements Mailer {
  constructor(private readonly inner: Mailer) {}

  send(email: OutboundEmail): Promise<{ messageId: string }> {
    return this.inner.send({ ...email, html: opensInNewTab(email.html) });
  }

  maxSendRate(): Promise<number> {
    return this.inner.maxSendRate();
  }
}

/** Adds target="_blank" rel="noopener" to every <a> that has no target. */
function opensInNewTab(html: string): string {
  return html.replace(/<a\b(?![^>]*\btarget=)/gi, '<a target="_blank" rel="noopener"');
}
