import type { Catalogue } from './en.js';
import { skillsDe } from './skills/de.js';

export const de: Catalogue = {
  'reply.failure': 'Das hat leider nicht geklappt: {reason} (Fehler-ID: {errorId})',
  'reply.reason': 'Leider: {reason}.',
  'reply.restarting': 'Ich starte gerade neu; bitte versuche es in einer Minute noch einmal.',
  'reply.cutOff':
    'Ich musste für einen Neustart abbrechen, bevor das fertig war. Bitte versuche es in einer Minute noch einmal.',
  'reply.working': 'Ich arbeite daran…',
  'reason.noMentions':
    'Fragen beantworten ist auf diesem Server noch nicht eingerichtet. Mit /help siehst du, was ich kann',
  'reason.noVoiceNotes': 'Transkription ist auf diesem Server nicht eingerichtet',
  'reason.noMessageAction': 'es gibt keine Nachrichtenaktion namens „{name}“',
  'error.noCommand': 'es gibt keinen Befehl namens „{name}“',
  'error.forbiddenRole': 'du hast keine Rolle, die /{command} hier verwenden darf',
  'error.quotaUser':
    'du hast alle {limit, plural, one {# Anfrage} other {# Anfragen}} pro Minute verbraucht; versuche es in {seconds, number} s erneut',
  'error.quotaChannel':
    'dieser Kanal hat alle {limit, plural, one {# Anfrage} other {# Anfragen}} pro Minute verbraucht; versuche es in {seconds, number} s erneut',
  'error.busy': 'ich bin gerade ausgelastet; bitte versuche es in {seconds, number} s erneut',
  'error.invalidOptions': 'ungültige Optionen für /{command}: {detail}',
  'error.staleButton': 'diese Schaltfläche tut nichts mehr',
  'error.cancelled': 'die Anfrage wurde abgebrochen',
  'error.internal': 'bei uns ist etwas schiefgelaufen',
  'help.unknown': 'Es gibt keinen Befehl `/{command}`, den du hier verwenden kannst. Versuche /help.',
  'help.none': 'In diesem Kanal kannst du keine Befehle verwenden.',
  'help.header': 'Das kann ich hier:',
  'command.help': 'Was dieser Bot hier kann',
  'command.ask': 'Eine Frage aus der Wissensdatenbank beantworten, mit Quellen',
  'command.kb': 'Die Wissensdatenbank für /ask: Dokumente, Sammlungen, Nachfragen',
  'command.summarize': 'Diesen Thread, die letzten Nachrichten des Kanals oder einen Text zusammenfassen',
  'command.classify': 'Einen Text nach selbst gewählten Kategorien bewerten (Zero-Shot)',
  'command.transcribe': 'Eine Sprachnachricht oder Audiodatei transkribieren (oder ins Englische übersetzen)',
  'command.describe': 'Ein Bild beschreiben: Bildunterschrift, Objekte und was es zeigt',
  'command.entities': 'Personen, Orte und Organisationen finden, die in einem Text genannt werden',
  'command.sentiment': 'Wie ein Text wirkt: negativ, neutral oder positiv, mit Wahrscheinlichkeiten',
  'command.imagine': 'Ein Bild aus einer Textbeschreibung zeichnen (Stable Diffusion, auf diesem Server)',
  'command.models': 'Die offenen Modelle dieses Bots, mit Lizenzen und Grenzen',
  'command.moderation': 'Moderationsrichtlinie, Mod-Log-Fälle, Verwarnungen und Einsprüche',
  'command.moderate': 'Einen Text an der Moderationsrichtlinie dieses Servers prüfen',
  'action.sentiment': 'Stimmung',
  'action.entities': 'Namen markieren',
  'action.summarize': 'Thread zusammenfassen',
  'action.transcribe': 'Transkribieren',
  'action.describe': 'Bild beschreiben',
  'option.help.command': 'Ein Befehl, der erklärt werden soll',
  ...skillsDe,
};
