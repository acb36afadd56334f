import type { Brand } from '../../core/brand';
import type { SelfCheckAnswers } from '../../core/range';
import { consentWording, HEALTH_CONSENT, MESSAGING_CONSENT } from '../../../templates/messages/consent';
import { esc, layout } from './pages';
import { selfCheckFieldsets } from './self-check';

/**
 * The sign-up page: works without script (a plain form post), and with the script it prefills the
 * time zone and country from the browser and shows the API's field errors beside each field.
 * Without script a refused post shows the form again, each error beside its field and the
 * person's input kept. What an A2P 10DLC reviewer looks for is on the page, by the form: who sends,
 * what the messages are about, how often, "Msg & data rates may apply", HELP and STOP, a privacy
 * link, that opt-in data is never shared for marketing, and an unticked consent box (CTIA, Twilio).
 * The health-data consent is its own unticked box (GDPR Art. 9), required to enrol.
 */

export const SIGNUP_SCRIPT = `(function(){
var f=document.getElementById('signup');if(!f)return;
var el=f.elements;
try{if(!el.timezone.value)el.timezone.value=Intl.DateTimeFormat().resolvedOptions().timeZone||'';}catch(e){}
try{var dl=document.getElementById('zones');if(dl&&Intl.supportedValuesOf){Intl.supportedValuesOf('timeZone').forEach(function(z){var o=document.createElement('option');o.value=z;dl.appendChild(o);});}}catch(e){}
try{var region=(navigator.language||'').split('-')[1];if(region&&!el.country.value)el.country.value=region.toUpperCase();}catch(e){}
function channel(){var r=f.querySelector('input[name=channel]:checked');return r?r.value:'email';}
function sync(){var sms=channel()==='sms';document.getElementById('email-field').hidden=sms;document.getElementById('phone-field').hidden=!sms;el.email.required=!sms;el.phone.required=sms;}
f.addEventListener('change',sync);sync();
var status=document.getElementById('status');
function clear(){Array.prototype.forEach.call(f.querySelectorAll('.error'),function(e){e.textContent='';});Array.prototype.forEach.call(f.querySelectorAll('[aria-invalid]'),function(e){e.removeAttribute('aria-invalid');});status.textContent='';}
function show(name,msg){var e=document.getElementById('err-'+name);var input=el[name];if(input&&input.setAttribute)input.setAttribute('aria-invalid','true');if(e){e.textContent=msg;}else{status.textContent=msg;}}
f.addEventListener('submit',function(ev){ev.preventDefault();clear();
var sms=channel()==='sms';var b={channel:channel(),timezone:el.timezone.value,sendAt:el.sendAt.value,consent:el.consent.checked,healthConsent:el.healthConsent.checked};
var lv=f.querySelector('input[name=level]:checked');if(lv)b.level=lv.value;
['reach','floor','back'].forEach(function(n){var r=f.querySelector('input[name='+n+']:checked');if(r)b[n]=r.value;});
if(sms){b.phone=el.phone.value;if(el.country.value)b.country=el.country.value;}else{b.email=el.email.value;}
var btn=f.querySelector('button[type=submit]');btn.disabled=true;
fetch(f.action,{method:'POST',headers:{'content-type':'application/json','accept':'application/json'},body:JSON.stringify(b)}).then(function(r){return r.json().then(function(j){return{ok:r.ok,j:j};});}).then(function(x){btn.disabled=false;
if(x.ok){f.hidden=true;status.textContent=x.j.message||'Check your messages to confirm.';var a=document.createElement('a');a.href='/';a.textContent='Wrong address? Start again';a.addEventListener('click',function(e){e.preventDefault();f.reset();try{el.timezone.value=Intl.DateTimeFormat().resolvedOptions().timeZone||'';}catch(_){}status.textContent='';f.hidden=false;sync();el[channel()==='sms'?'phone':'email'].focus();});status.appendChild(document.createTextNode(' '));status.appendChild(a);status.focus();return;}
if(x.j&&x.j.fields){var first=null;Object.keys(x.j.fields).forEach(function(k){show(k,x.j.fields[k]);if(!first&&el[k]&&el[k].focus)first=el[k];});if(first)first.focus();}
else{status.textContent=x.j&&x.j.message?x.j.message:'Something went wrong. Please try again.';}
}).catch(function(){btn.disabled=false;status.textContent='Could not reach the server. Please try again.';});
});
})();`;

/** What the form shows back after a refused post: the values sent and each field's error. */
export interface SignupFormState {
  values: Record<string, string>;
  errors: Record<string, string>;
}

const DISCLAIMER = (name: string) =>
  `${name} shares general exercise information. It is not medical advice and does not replace your own doctor or healthcare professional. Stop any exercise that makes your pain sharper.`;

const LEVELS = [
  ['gentle', 'Gentle: I am stiff or in pain most days'],
  ['moderate', 'Moderate: I walk and move without much trouble'],
  ['active', 'Active: I exercise regularly'],
] as const;

export function signupPage(brand: Brand, state?: SignupFormState): string {
  const name = esc(brand.programName);
  const v = state?.values ?? {};
  const err = (field: string) => `<p class="error" id="err-${field}" aria-live="polite">${esc(state?.errors[field] ?? '')}</p>`;
  const bad = (field: string) => (state?.errors[field] ? ' aria-invalid="true"' : '');
  const value = (field: string, fallback = '') => ` value="${esc(v[field] ?? fallback)}"`;
  const checked = (on: boolean) => (on ? ' checked' : '');
  const sms = v.channel === 'sms';
  const level = v.level ?? 'gentle';
  const privacy = esc(brand.privacyUrl);
  const problems = state ? '<div class="warn" role="alert"><p>Nothing was saved. Please check the fields marked below.</p></div>' : '';
  return layout(
    brand,
    'Sign up',
    `<h1>${name}: 42 days of gentle lower-back stretches</h1>${problems}
<p>One short message a day with a few stretches, by email or text. Reply with your pain score (0 to 10) and the program adapts.</p>
<section id="sms-terms" aria-labelledby="sms-terms-h">
<h2 id="sms-terms-h">About the messages</h2>
<ul>
<li>Who sends them: ${esc(brand.senderName)}, for the ${name} program.</li>
<li>What they are: your daily lower-back stretches, your weekly pain summary and answers to your replies.</li>
<li>How often: 1 message a day for 42 days, by email or text message (SMS).</li>
<li>Msg & data rates may apply. Reply HELP for help, STOP to cancel at any time. Consent is not a condition of any purchase.</li>
<li>We never share or sell your mobile number, your opt-in or your consent to third parties or affiliates for marketing or promotional purposes. <a href="${privacy}">Privacy policy</a> · <a href="${esc(brand.termsUrl)}">Messaging terms</a>.</li>
</ul>
</section>
<p id="status" role="status" aria-live="polite" tabindex="-1"></p>
<form id="signup" method="post" action="/signup" novalidate>
<fieldset><legend>How should we reach you?</legend>
<label><input type="radio" name="channel" value="email"${checked(!sms)}> Email</label>
<label><input type="radio" name="channel" value="sms"${checked(sms)}> Text message (SMS)</label>
</fieldset>
<div id="email-field"${sms ? ' hidden' : ''}><label for="email">Email address</label>
<input id="email" name="email" type="email" autocomplete="email" maxlength="254" aria-describedby="err-email"${value('email')}${bad('email')}>
${err('email')}</div>
<div id="phone-field"${sms ? '' : ' hidden'}><label for="phone">Mobile number</label>
<input id="phone" name="phone" type="tel" autocomplete="tel" maxlength="40" aria-describedby="phone-hint err-phone"${value('phone')}${bad('phone')}>
<p class="muted" id="phone-hint">With your country code, e.g. +44 7700 900123, or choose your country below.</p>
<label for="country">Country (two letters, e.g. GB, US)</label>
<input id="country" name="country" type="text" maxlength="2" autocomplete="country" aria-describedby="err-country"${value('country')}${bad('country')}>
${err('country')}
${err('phone')}</div>
<label for="timezone">Your time zone</label>
<input id="timezone" name="timezone" type="text" list="zones" required maxlength="64" aria-describedby="err-timezone"${value('timezone')}${bad('timezone')}>
<datalist id="zones"></datalist>
${err('timezone')}
<label for="sendAt">Send my message at</label>
<input id="sendAt" name="sendAt" type="time" required aria-describedby="err-sendAt"${value('sendAt', '07:30')}${bad('sendAt')}>
${err('sendAt')}
<fieldset aria-describedby="err-level"><legend>How active are you now?</legend>
${LEVELS.map(([l, label]) => `<label><input type="radio" name="level" value="${l}"${checked(level === l)}> ${label}</label>`).join('\n')}
${err('level')}
</fieldset>
${selfCheckFieldsets(v as SelfCheckAnswers)}
<p class="muted">${esc(DISCLAIMER(brand.programName))}</p>
<h2>Your consent</h2>
<label><input type="checkbox" name="consent" value="on" required aria-describedby="err-consent"${checked(v.consent === 'on')}${bad('consent')}> ${esc(consentWording(MESSAGING_CONSENT, brand.programName))}</label>
${err('consent')}
<label><input type="checkbox" name="healthConsent" value="on" required aria-describedby="err-healthConsent"${checked(v.healthConsent === 'on')}${bad('healthConsent')}> ${esc(consentWording(HEALTH_CONSENT, brand.programName))}</label>
${err('healthConsent')}
${err('body')}
<button type="submit">Sign up</button>
</form>
<p class="muted">We use your address only to send the program. You can unsubscribe, download or delete your data from a link in every email, or by replying STOP. <a href="${privacy}">How we handle your data</a>.</p>`,
    SIGNUP_SCRIPT,
  );
}

/** The no-script answer to a sign-up: the address it used and a way to start again. */
export function signupThanksPage(brand: Brand, text: string): string {
  return layout(brand, 'Check your messages', `<h1>Almost done</h1>\n<p>${esc(text)}</p>\n<p><a href="/">Wrong address? Start again</a></p>`);
}
