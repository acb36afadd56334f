import { describe, expect, it } from 'vitest';
import { parseReply } from '../../functions/core/replies';

/** The ways people say stop by text or email reply, and replies that only mention stopping. */

const KEYWORDS = [
  'STOP',
  'Stop.',
  'UNSUB',
  'unsubscribe',
  'QUIT',
  'END',
  'CANCEL',
  'REVOKE',
  'OPTOUT',
  'STOPALL',
  'REMOVE',
  'ARRET',
  'Arrêt',
  'ARRÊTER',
  'TD',
  'désabonner',
  'PARAR',
  'Para',
  'ALTO',
  'cancelar',
  'BAJA',
  'Stopp',
  'STOPP bitte',
  'abmelden',
  'annulla',
  'sair',
];
const WORDS = [
  'OPT OUT',
  'no more please',
  'Please no more',
  'no more',
  "I don't want this",
  'i dont want these anymore',
  'unsub me',
  'please stop texting me',
  'no me envíes más mensajes',
  'Quiero darme de baja',
  'ya no quiero recibir mensajes',
  'arrêtez de m’envoyer des messages',
  'désabonnez-moi',
  'je ne veux plus recevoir ces messages',
  'plus de sms svp',
  'Keine Nachrichten mehr bitte',
  'bitte aufhören',
  'não quero mais mensagens',
  'parem de me enviar',
  'non voglio più messaggi',
];
const NOT_STOP = [
  'had to stop halfway',
  "don't stop sending these",
  'I had to stop halfway through, pain 5',
  'no more pain today 2',
  'it hurt at the end',
  'para mí un 4',
  'dolor alto hoy 7',
  'je ne veux plus avoir mal',
  'I want this to work',
  "don't want it to end, 3",
  'the stretch made me stop and breathe',
  'never stop these emails!',
];

describe('opt-out replies', () => {
  it.each(KEYWORDS)('%j is a stop keyword', (t) => {
    for (const ch of ['sms', 'email'] as const) expect(parseReply(t, ch)).toMatchObject({ intent: 'stop', stopBy: 'keyword' });
  });
  it.each(WORDS)('%j asks to stop in plain words', (t) => {
    expect(parseReply(t, 'sms')).toMatchObject({ intent: 'stop' });
    expect(parseReply(t, 'email').intent).toBe('stop');
  });
  it.each(NOT_STOP)('%j is not a stop', (t) => {
    expect(parseReply(t, 'sms').intent).not.toBe('stop');
  });
});
