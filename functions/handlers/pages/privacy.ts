import { supportContacts, type Brand } from '../../core/brand';
import { esc, layout } from './pages';

/**
 * GET /privacy: a plain privacy notice for operators who have no policy page of their own (with
 * LIMBER_PRIVACY_URL set, every link goes to theirs instead). It says what the program stores, why,
 * for how long, who processes it, how to delete it, and, as A2P 10DLC reviewers require, that mobile
 * numbers and opt-in data are never shared or sold for marketing.
 */
export function privacyPage(brand: Brand): string {
  const name = esc(brand.programName);
  const operator = esc(brand.senderName);
  const contacts = supportContacts(brand).map(esc).join(' or ');
  return layout(
    brand,
    'Privacy',
    `<h1>How ${name} handles your data</h1>
<p>${name} is run by ${operator}, ${esc(brand.postalAddress)}. Questions about your data: ${contacts}.</p>
<h2>What we keep</h2>
<ul>
<li>Your email address or mobile number, your time zone and the time you chose for your message.</li>
<li>Your level (gentle, moderate or active) and your range band from the optional self-check (only the band, not your answers).</li>
<li>The pain scores (0 to 10) you send, the one activity you may name, and how well you say you can do it each week. These are health data: we keep them only because you agreed to it on the sign-up form.</li>
<li>Your consents: when you ticked each box and which wording you agreed to; when you confirmed, paused, unsubscribed or restarted.</li>
<li>A record of the messages we sent you and whether they were delivered.</li>
</ul>
<h2>Why</h2>
<p>To send you the program, to adapt it to how your back is doing, and to pause it and tell you to seek care when your replies suggest you should. Nothing else.</p>
<h2>Who else handles it</h2>
<p>Our service providers store the data and deliver the messages for us, and for nothing else: Amazon Web Services (storage and email) and Twilio (text messages). Where ${operator} has connected its own care systems, notices about your program, such as a safety pause, may go to them.</p>
<p><strong>We never share, sell or rent your mobile number, your text-message opt-in or your consent to third parties or affiliates for marketing or promotional purposes.</strong></p>
<h2>How long</h2>
<p>A sign-up you do not confirm is removed after 48 hours. Everything else is kept while you take part and afterwards, so that an opt-out keeps working and your history is there if you restart, until you delete it. Email replies are deleted as soon as your score has been read from them.</p>
<h2>Your choices</h2>
<ul>
<li>Stop at any time: the unsubscribe link in every email, or reply STOP to a text.</li>
<li>Download or delete your data: the "My data" link in every email. Deleting removes your sign-up, your scores and our record of the messages; we keep only a one-way code of your address so that we do not contact it again unless you sign up anew.</li>
</ul>`,
  );
}
