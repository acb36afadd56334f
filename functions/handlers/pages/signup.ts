import { esc, layout } from './pages';
import { selfCheckFieldsets } from './self-check';

/**
 * The sign-up page: works without script (a plain form post), and with the script it prefills the
 * time zone and country from the browser and shows the API's field errors beside each field.
 * The SMS consent text carries what carriers require (CTIA): program name, message frequency,
 * "Msg & data rates may apply", HELP and STOP.
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
var sms=channel()==='sms';var b={channel:channel(),timezone:el.timezone.value,sendAt:el.sendAt.value,consent:el.consent.checked};
var lv=f.querySelector('input[name=level]:checked');if(lv)b.level=lv.value;
['reach','floor','back'].forEach(function(n){var r=f.querySelector('input[name='+n+']:checked');if(r)b[n]=r.value;});
if(sms){b.phone=el.phone.value;if(el.country.value)b.country=el.country.value;}else{b.email=el.email.value;}
var btn=f.querySelector('button[type=submit]');btn.disabled=true;
fetch(f.action,{method:'POST',headers:{'content-type':'application/json','accept':'application/json'},body:JSON.stringify(b)}).then(function(r){return r.json().then(function(j){return{ok:r.ok,j:j};});}).then(function(x){btn.disabled=false;
if(x.ok){f.hidden=true;status.textContent=x.j.message||'Check your messages to confirm.';var a=document.createElement('a');a.href='/';a.textContent='Wrong address? Start again';a.addEventListener('click',function(e){e.preventDefault();f.reset();try{el.timezone.value=Intl.DateTimeFormat().resolvedOptions().timeZone||'';}catch(_){}status.textContent='';f.hidden=false;sync();el[channel()==='sms'?'phone':'email'].focus();});status.appendChild(document.createTextNode(' '));status.appendChild(a);status.focus();return;}
if(x.j&&x.j.fields){var first=null;Object.keys(x.j.fields).forEach(function(k){show(k,x.j.fields[k]);if(!first&&el[k]&&el[k].focus)first=el[k];});if(first)first.focus();}
else{status.textContent=x.j&&x.j.message?x.j.message:'Something went wrong. Please try again.';}
}).catch(function(){btn.disabled=false;status.textContent='Could not reach Limber. Please try again.';});
});
})();`;

const SMS_TERMS =
  'By SMS: Limber sends 1 message a day for 42 days, by text. Msg & data rates may apply. Reply HELP for help, STOP to cancel at any time. Consent is not a condition of any purchase.';
const DISCLAIMER =
  'Limber shares general exercise information. It is not medical advice and does not replace your own doctor or healthcare professional. Stop any exercise that makes your pain sharper.';

export function signupPage(): string {
  return layout(
    'Sign up',
    `<h1>Limber: 42 days of gentle lower-back stretches</h1>
<p>One short message a day with a few stretches, by email or text. Reply with your pain score (0 to 10) and the program adapts.</p>
<p id="status" role="status" aria-live="polite" tabindex="-1"></p>
<form id="signup" method="post" action="/signup" novalidate>
<fieldset><legend>How should we reach you?</legend>
<label><input type="radio" name="channel" value="email" checked> Email</label>
<label><input type="radio" name="channel" value="sms"> Text message (SMS)</label>
</fieldset>
<div id="email-field"><label for="email">Email address</label>
<input id="email" name="email" type="email" autocomplete="email" maxlength="254" aria-describedby="err-email">
<p class="error" id="err-email" aria-live="polite"></p></div>
<div id="phone-field"><label for="phone">Mobile number</label>
<input id="phone" name="phone" type="tel" autocomplete="tel" maxlength="40" aria-describedby="phone-hint err-phone">
<p class="muted" id="phone-hint">With your country code, e.g. +44 7700 900123, or choose your country below.</p>
<label for="country">Country (two letters, e.g. GB, US)</label>
<input id="country" name="country" type="text" maxlength="2" autocomplete="country" aria-describedby="err-country">
<p class="error" id="err-country" aria-live="polite"></p>
<p class="error" id="err-phone" aria-live="polite"></p></div>
<label for="timezone">Your time zone</label>
<input id="timezone" name="timezone" type="text" list="zones" required maxlength="64" aria-describedby="err-timezone">
<datalist id="zones"></datalist>
<p class="error" id="err-timezone" aria-live="polite"></p>
<label for="sendAt">Send my message at</label>
<input id="sendAt" name="sendAt" type="time" value="07:30" required aria-describedby="err-sendAt">
<p class="error" id="err-sendAt" aria-live="polite"></p>
<fieldset aria-describedby="err-level"><legend>How active are you now?</legend>
<label><input type="radio" name="level" value="gentle" checked> Gentle: I am stiff or in pain most days</label>
<label><input type="radio" name="level" value="moderate"> Moderate: I walk and move without much trouble</label>
<label><input type="radio" name="level" value="active"> Active: I exercise regularly</label>
<p class="error" id="err-level" aria-live="polite"></p>
</fieldset>
${selfCheckFieldsets()}
<p class="muted">${esc(DISCLAIMER)}</p>
<p class="muted">${esc(SMS_TERMS)}</p>
<label><input type="checkbox" name="consent" value="on" required aria-describedby="err-consent"> I agree to receive Limber messages as described above, and I understand Limber is not medical advice.</label>
<p class="error" id="err-consent" aria-live="polite"></p>
<p class="error" id="err-body" aria-live="polite"></p>
<button type="submit">Sign up</button>
</form>
<p class="muted">We use your address only to send the program. You can unsubscribe, download or delete your data from a link in every email, or by replying STOP.</p>`,
    SIGNUP_SCRIPT,
  );
}

/** The no-script answer to a sign-up: the address it used and a way to start again. */
export function signupThanksPage(text: string): string {
  return layout('Check your messages', `<h1>Almost done</h1>\n<p>${esc(text)}</p>\n<p><a href="/">Wrong address? Start again</a></p>`);
}
