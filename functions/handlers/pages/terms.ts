import { supportContacts, type Brand } from '../../core/brand';
import { PROGRAM_DAYS } from '../../core/model';
import { esc, layout } from './pages';

/**
 * GET /terms: the messaging terms an A2P 10DLC campaign links from its call to action (program,
 * sender, frequency, rates, STOP and HELP, support contacts, carriers' liability, privacy), for
 * operators without terms of their own (with LIMBER_TERMS_URL set, every link goes to theirs).
 * Facts only: what the program sends and how to stop it; no medical claim beyond the sign-up page.
 */
export function termsPage(brand: Brand): string {
  const name = esc(brand.programName);
  const contacts = supportContacts(brand).map(esc).join(' or ');
  return layout(
    brand,
    'Messaging terms',
    `<h1>${name} messaging terms</h1>
<ol>
<li><strong>The program.</strong> ${name} is run by ${esc(brand.senderName)}, ${esc(brand.postalAddress)}. It sends short lower-back stretches for ${PROGRAM_DAYS} days, asks how your back is, and answers your replies. It shares general exercise information and is not medical advice.</li>
<li><strong>How you join.</strong> You sign up on the ${name} web form, tick the box to receive messages, and confirm: by replying YES to our first text, or with the button in our first email. Consent is not a condition of any purchase.</li>
<li><strong>How often.</strong> 1 message a day for ${PROGRAM_DAYS} days at the time you chose, plus an answer when you reply and, once a week, a short summary. Nothing is sent after the program ends unless you start again.</li>
<li><strong>Cost.</strong> Message and data rates may apply, from your mobile carrier, under your plan. ${name} does not charge for the messages.</li>
<li><strong>Stopping.</strong> Reply STOP (or END, CANCEL, QUIT, UNSUBSCRIBE) to any text at any time; we confirm once and send nothing more. Every email has an unsubscribe link. To rejoin by text, reply START.</li>
<li><strong>Help.</strong> Reply HELP to any text, or contact ${contacts}.</li>
<li><strong>Delivery.</strong> Mobile carriers are not liable for delayed or undelivered messages.</li>
<li><strong>Your data.</strong> We never share or sell your mobile number, your opt-in or your consent to third parties or affiliates for marketing or promotional purposes. <a href="${esc(brand.privacyUrl)}">How we handle your data</a>.</li>
</ol>`,
  );
}
