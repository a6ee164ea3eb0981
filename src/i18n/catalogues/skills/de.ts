import type { SkillCatalogue } from './en.js';
/** The skills' own refusals and notices in German; command syntax (value:…, do:…, steps) stays as typed. */
export const skillsDe: SkillCatalogue = {
  'skill.imagine.licenseNotAccepted':
    'die Bilderzeugung ist ausgeschaltet: das Modell {repo} steht unter {license} ({card}), und der Betreiber dieses Servers hat diese Lizenz nicht akzeptiert (IMAGINE_ACCEPT_LICENSES={license}, nachdem er sie gelesen hat)',
  'skill.imagine.blockedTerm': 'diese Beschreibung enthält einen auf diesem Server gesperrten Begriff („{term}“)',
  'skill.imagine.cancelledByModerator': 'ein Moderator hat dieses Bild abgebrochen',
  'skill.imagine.cancelled': 'abgebrochen',
  'skill.imagine.flagged':
    'die Sicherheitsprüfung hat dieses Bild markiert ({label} {score}), und markierte Bilder werden hier nicht gepostet: versuche eine andere Beschreibung oder einen anderen Seed',
  'skill.imagine.noSafetyCheck': 'auf diesem Server ist keine Sicherheitsprüfung für Bilder eingerichtet',
  'skill.imagine.flaggedModeratorsOnly': 'nur Moderatoren können ändern, was mit markierten Bildern geschieht',
  'skill.imagine.allowAgeRestrictedOnly':
    '„allow“ gibt es nur in altersbeschränkten Kanälen; wähle hier refuse oder spoiler',
  'skill.imagine.noPrompt': 'beschreibe das Bild',
  'skill.imagine.stepsTurbo': 'steps muss für dieses Modell zwischen {min, number} und {max, number} liegen',
  'skill.imagine.cancelNotOwner':
    'Nur die Person, die dieses Bild angefordert hat, oder ein Moderator kann es abbrechen.',
  'skill.imagine.cancelGone': 'Dieses Bild ist schon fertig oder abgebrochen.',
  'skill.imagine.tooOldForButtons': 'dieses Bild ist zu alt für seine Schaltflächen: führe /imagine noch einmal aus',
  'skill.imagine.cannotDelete': 'der Bot kann seine Nachrichten hier nicht löschen',
  'skill.imagine.deleteNotOwner': 'nur die Person, die dieses Bild angefordert hat, oder ein Moderator kann es löschen',
  'skill.imagine.dailyQuota':
    'Du hast heute schon {quota, plural, one {# Bild} other {# Bilder}} erstellt; das Kontingent wird um 00:00 UTC zurückgesetzt (in {wait}).',
  'skill.imagine.onTheWay':
    'Du hast schon {count, plural, one {ein Bild} other {# Bilder}} in Arbeit ({position, select, 0 {läuft} other {Platz {position} in der Warteschlange}}); versuche es wieder, wenn {count, plural, one {es} other {eines}} fertig ist (in etwa {wait}).',
  'skill.imagine.promptTooLong': 'die Beschreibung ist länger als {maximum} Zeichen',
  'skill.imagine.seedRange': 'seed muss zwischen 0 und 4294967295 liegen',
  'skill.imagine.wholePixels': 'Breite und Höhe sind ganze Pixelzahlen',
  'skill.imagine.queued': '⏳ Du bist Nummer {position} in der Warteschlange (etwa {wait})',
  'skill.imagine.drawing': '🎨 Ich zeichne „{prompt}“…',
  'skill.imagine.cancelButton': 'Abbrechen',
  'skill.imagine.cancelledNotice': 'Abgebrochen.',
  'skill.imagine.deleted': 'Gelöscht.',
  'skill.imagine.flaggedSet':
    'Erledigt: {policy, select, refuse {Bilder, die der Sicherheitsklassifikator markiert, werden hier nicht gepostet; wer sie angefordert hat, erfährt den Grund} spoiler {Bilder, die der Sicherheitsklassifikator markiert, werden hier hinter einem Spoiler gepostet} other {Bilder, die der Sicherheitsklassifikator markiert, werden hier unverändert gepostet (dieser Kanal ist altersbeschränkt)}}.',
  'skill.transcribe.autoModeratorsOnly': 'nur Moderatoren können die automatische Transkription ändern',
  'skill.transcribe.noAudio':
    'es gibt keine Sprachnachricht oder Audiodatei zum Transkribieren: hänge eine an oder verwende „Transkribieren“ auf einer Nachricht, die eine enthält',
  'skill.transcribe.cannotFetch': 'ich kann {name} von hier aus nicht abrufen',
  'skill.transcribe.noTranslator': 'die Übersetzung in andere Sprachen ist nicht eingerichtet',
  'skill.transcribe.tooLong': '{name} ist {length} lang; ich transkribiere bis zu {max}',
  'skill.transcribe.tooLarge': '{name} ist {size, number} MiB groß; ich nehme Dateien bis {max, number} MiB',
  'skill.transcribe.transcriptGone':
    'dieses Transkript ist nicht mehr gespeichert: transkribiere die Aufnahme noch einmal',
  'skill.transcribe.unsupportedFile':
    '{name} ist kein Audio, das ich transkribieren kann: sende Ogg/Opus, WebM, M4A/AAC, MP3, WAV oder FLAC',
  'skill.transcribe.damagedFile': '{name} konnte nicht dekodiert werden: die Datei ist beschädigt oder unvollständig',
  'skill.transcribe.tooLongDecoded': '{name} ist länger als {max}, das Maximum, das ich transkribiere',
  'skill.transcribe.attachAudio': 'hänge eine Audiodatei an',
  'skill.transcribe.languageCode': 'language muss ein Code wie en, de oder ja sein (oder auto)',
  'skill.transcribe.translateCode': 'translate muss ein Sprachcode wie fr oder en sein',
  'skill.transcribe.noSpeech': '🔇 In **{name}** ({length}) habe ich keine Sprache gehört.',
  'skill.transcribe.autoSet':
    '✅ Automatische Transkription: {mode, select, voice {Sprachnachrichten und Audioclips werden hier automatisch transkribiert, andere Audiodateien auf Anfrage} all {jede hier gepostete Sprachnachricht und Audiodatei wird automatisch transkribiert} other {hier wird nichts automatisch transkribiert; /transcribe und die Aktion „Transkribieren“ funktionieren weiterhin}}.',
  'skill.transcribe.summaryHeader': '**Zusammenfassung des Transkripts**',
  'skill.transcribe.transcriptHeader': '**Transkript** · {language}',
  'skill.transcribe.translationHeader': '**Übersetzung: {into}** (Original: {language})',
  'skill.transcribe.transcribedBefore': 'bereits transkribiert',
  'skill.transcribe.cutWindows':
    '⚠️ {count, plural, one {# Teil war} other {# Teile waren}} länger, als das Modell verarbeitet: das Ende kann fehlen.',
  'skill.transcribe.summarize': 'Zusammenfassen',
  'skill.transcribe.moreInFiles':
    '… *(noch {count, number} Zeichen: das ganze Transkript mit Zeitmarken steht in den angehängten Dateien)*',
  'skill.summarize.noText': 'gib den Text an, der zusammengefasst werden soll',
  'skill.summarize.noHistory':
    'ich kann hier keine Unterhaltungen lesen: sende stattdessen den Text, der zusammengefasst werden soll',
  'skill.summarize.noThread':
    'hier gibt es keinen Thread: verwende es in einem Thread (oder „Thread zusammenfassen“ auf einer Nachricht darin) oder wähle channel',
  'skill.summarize.nothing':
    'In {where, select, thread {diesem Thread} other {diesem Kanal}} gibt es noch keine Nachrichten zum Zusammenfassen.',
  'skill.summarize.textTooLong': 'der Text ist länger als {maximum} Zeichen',
  'skill.moderation.roleGateSyntax':
    'role-gate nimmt einen Befehl und die Rollen, die ihn verwenden dürfen, z. B. value:"imagine @Artists" (eine Rollenerwähnung oder -ID), oder value:"imagine off", um ihn wieder für alle freizugeben',
  'skill.moderation.roleIsUserOrChannel':
    '{token} ist ein Benutzer oder Kanal, keine Rolle: role-gate nimmt einen Befehl und die Rollen, die ihn verwenden dürfen, z. B. value:"imagine @Artists" (eine Rollenerwähnung oder -ID), oder value:"imagine off", um ihn wieder für alle freizugeben',
  'skill.moderation.notRole':
    '„{token}“ ist keine Rollenerwähnung und keine Rollen-ID: role-gate nimmt einen Befehl und die Rollen, die ihn verwenden dürfen, z. B. value:"imagine @Artists" (eine Rollenerwähnung oder -ID), oder value:"imagine off", um ihn wieder für alle freizugeben',
  'skill.moderation.gateUnknownCommand':
    'es gibt keinen Befehl namens „{command}“; diese können beschränkt werden: {known}',
  'skill.moderation.neverGated': '/{command} bleibt für alle offen und kann nicht beschränkt werden',
  'skill.moderation.slackNoRoles':
    'Slack hat keine Rollen, daher können Befehle dort nicht nach Rolle beschränkt werden',
  'skill.moderation.notDuration': '„{text}“ ist keine Dauer: schreibe eine Zahl und m, h oder d (10m, 2h, 1d)',
  'skill.moderation.timeoutTooShort': 'ein Timeout von „{text}“ ist kein Timeout: gib mindestens 1m an',
  'skill.moderation.timeoutTooLong': 'ein Timeout von „{text}“ ist länger als das Maximum von Discord, 28 Tage (28d)',
  'skill.moderation.durationNotTimeout': '„{text}“: nur Timeouts haben eine Dauer',
  'skill.moderation.notStep': '„{text}“ ist keine Eskalationsstufe: verwende warn, timeout, timeout:10m, kick oder ban',
  'skill.moderation.ladderSyntax':
    'eine Eskalationsstufenfolge besteht aus durch Kommas getrennten Einträgen „Punkte Schritt“, z. B. "3 timeout:10m, 5 timeout:1d, 8 kick" (Schritte: warn, timeout, timeout:\'<n>\'m|h|d, kick, ban), oder "default" oder "off"',
  'skill.moderation.ladderEntry':
    '„{entry}“: eine Eskalationsstufenfolge besteht aus durch Kommas getrennten Einträgen „Punkte Schritt“, z. B. "3 timeout:10m, 5 timeout:1d, 8 kick" (Schritte: warn, timeout, timeout:\'<n>\'m|h|d, kick, ban), oder "default" oder "off"',
  'skill.moderation.needsValue': '„{what}“ braucht einen Wert',
  'skill.moderation.thresholdSyntax': 'threshold nimmt "Label flag remove", Werte zwischen 0 und 1 ("-" für keinen)',
  'skill.moderation.actionSyntax': 'action nimmt "flag|remove" und Aktionen aus: {actions}',
  'skill.moderation.pointsTtlSyntax': 'points-ttl nimmt eine Anzahl von Tagen von 1 bis 3650, z. B. value:30',
  'skill.moderation.moderatorMessagesSyntax':
    'moderator-messages nimmt record (ein Fall, keine Aktion), ignore (kein Fall) oder act (wie bei allen anderen)',
  'skill.moderation.caseNumberSyntax': '{what} nimmt eine Fallnummer, z. B. value:12',
  'skill.moderation.warnSyntax':
    'warn nimmt einen Benutzer (eine Erwähnung oder ID) und dann den Grund, den er lesen wird, z. B. value:"<@123> verschickt Spam-Links"',
  'skill.moderation.warnNotUser':
    'warn nimmt einen Benutzer (eine Erwähnung oder ID) und dann den Grund, den er lesen wird, z. B. value:"<@123> verschickt Spam-Links"; „{token}“ ist kein Benutzer',
  'skill.moderation.warnSelf': 'du kannst dich nicht selbst verwarnen',
  'skill.moderation.warnModerator': '<@{user}> ist hier Moderator, und Moderatoren werden nicht verwarnt',
  'skill.moderation.noCase': 'es gibt keinen Fall #{number}',
  'skill.moderation.moderatorsOnly': 'das können nur Moderatoren',
  'skill.moderation.otherServer': 'dieser Fall gehört zu einem anderen Server',
  'skill.moderation.tunedUnavailable': 'der angepasste Klassifikator ist auf diesem Server nicht verfügbar',
  'skill.moderation.tunedSyntax': 'tuned nimmt train, shadow, live oder off (oder nichts, zum Anzeigen)',
  'skill.moderation.ruleTooLong': 'eine Regel hat höchstens {max} Zeichen',
  'skill.moderation.tooManyRules': 'eine Richtlinie hat höchstens {max} Regeln',
  'skill.moderation.noRule': 'es gibt keine Regel {id}: do:rule listet sie auf',
  'skill.moderation.ruleThresholdSyntax': 'threshold nimmt einen Wert zwischen 0 und 1, z. B. "2 threshold 0.8"',
  'skill.moderation.ruleActionsSyntax': 'actions nimmt Aktionen aus: {actions}',
  'skill.moderation.ruleChangeSyntax':
    'eine Regel ändert sich mit "\'<n>\' threshold 0.8", "\'<n>\' actions …", "\'<n>\' live", "\'<n>\' dry-run" oder "\'<n>\' remove"',
  'skill.moderation.previewSyntax': 'rule-preview nimmt eine Regelnummer: do:rule listet sie auf',
  'skill.moderation.previewNoRule': 'rule-preview nimmt eine Regelnummer: es gibt keine Regel {id}',
  'skill.moderation.noNli': 'Regeln können hier nicht bewertet werden: es ist kein NLI-Modell eingerichtet',
  'skill.moderation.previewNoHistory': 'ich kann die Nachrichten dieses Kanals hier nicht lesen: teste Regeln im Chat',
  'skill.moderation.noCaseToAppeal': 'du hast keinen Fall #{number}, gegen den du Einspruch einlegen kannst',
  'skill.moderation.dmFlagged':
    'Deine Nachricht in <#{channel}> wurde von der Moderation des Servers {verdict, select, remove {entfernt} other {markiert}} (Fall #{number}: {reasons}).',
  'skill.moderation.dmWarned': 'Ein Moderator hat dich in <#{channel}> verwarnt (Fall #{number}): {text}',
  'skill.moderation.dmAppealHint':
    'Wenn du das für einen Irrtum hältst, kannst du Einspruch einlegen; ein Moderator sieht ihn sich an.',
  'skill.moderation.appealButton': 'Einspruch',
  'skill.moderation.dmPardoned':
    'Ein Moderator hat Fall #{number} (in <#{channel}>) erlassen: seine Verwarnungspunkte zählen nicht mehr.',
  'skill.moderation.dmAppealDecided':
    'Dein Einspruch gegen Fall #{number} wurde {approved, select, yes {angenommen: der Fall ist aufgehoben und seine Punkte sind gestrichen} other {abgelehnt: der Fall bleibt bestehen}}.',
  'skill.moderation.reportHeader':
    '**Fall #{number}** · <@{user}> in <#{channel}> · **{verdict}**{dryRun, select, yes { (Probelauf)} other {}}',
  'skill.moderation.reportRule': 'Regel: {rule}',
  'skill.moderation.reportByModerator': 'Maßnahme von <@{user}>',
  'skill.moderation.reportModel': 'Modell: {models}',
  'skill.moderation.reportLanguage': 'Sprache: {language}',
  'skill.moderation.reportState': 'Maßnahmen: {actions} · Punkte: {points} · Status: {status}',
  'skill.moderation.reportNone': 'keine',
  'skill.moderation.reportAppeal': 'Einspruch: {text}',
  'skill.moderation.reportDecided': 'Entschieden von <@{user}>',
  'skill.moderation.reportPardoned': 'Erlassen von <@{user}>: seine Punkte zählen nicht mehr',
  'skill.moderation.approveAppeal': 'Einspruch annehmen',
  'skill.moderation.denyAppeal': 'Einspruch ablehnen',
  'skill.moderation.hiddenImage':
    'Ein Bild von <@{user}>, von der Moderation hinter einem Spoiler versteckt (Fall #{number}).',
  'skill.moderation.casesCount': '{count, plural, =0 {Keine Fälle.} one {# Fall} other {# Fälle}}',
  'skill.moderation.casesPoints':
    '<@{user}> hat jetzt {points, plural, one {# zählenden Verwarnungspunkt} other {# zählende Verwarnungspunkte}}',
  'skill.moderation.policyHeader':
    'Moderation für {scope, select, server {diesen Server} other {diesen Kanal}}: **{enabled, select, yes {an} other {aus}}**{dryRun, select, yes { (Probelauf: nur Fälle, keine Maßnahmen)} other {}}',
  'skill.moderation.policyModels': 'Modelle: {models} · Schwellen (markieren/entfernen): {thresholds}',
  'skill.moderation.policyActions': 'Beim Markieren: {flag} · beim Entfernen: {remove} · Timeout: {timeout}',
  'skill.moderation.policyModChannel':
    'Mod-Kanal: {channel} · ausgenommene Rollen: {roles} · ausgenommene Kanäle: {channels}',
  'skill.moderation.policyReportPing': '{channel} (Berichte pingen {roles})',
  'skill.moderation.policyNotSet': 'nicht gesetzt',
  'skill.moderation.policyPoints':
    'Verwarnungspunkte: markieren {flag}, entfernen {remove}, manuelle Verwarnung {warn}; sie verfallen nach {days, plural, one {# Tag} other {# Tagen}}',
  'skill.moderation.policyLadder': 'Stufen: {ladder}',
  'skill.moderation.policyNone': 'keine',
  'skill.moderation.policyTimeoutFor': 'Timeout für {duration}',
  'skill.moderation.duration':
    '{unit, select, day {{n, plural, one {# Tag} other {# Tage}}} hour {{n, plural, one {# Stunde} other {# Stunden}}} other {{n, plural, one {# Minute} other {# Minuten}}}}',
  'skill.moderation.policyModeratorMessages':
    'Markierte Nachrichten von Moderatoren: {mode, select, record {ein Fall mit „nicht geahndet: Moderator“} ignore {ignoriert} other {behandelt wie die aller anderen}}',
  'skill.moderation.policyGates': 'Rollensperren: {gates}',
  'skill.moderation.policyNoGates': 'keine (alle dürfen jeden Befehl nutzen)',
  'skill.moderation.warnedCase':
    'Fall #{number}: <@{user}> verwarnt ({points, plural, one {# Punkt} other {# Punkte}}; {total, number} zählen jetzt). Maßnahmen: {actions}',
  'skill.moderation.caseAlreadyDecided':
    'Fall #{number} ist bereits entschieden ({status, select, upheld {bestätigt} other {aufgehoben}}).',
  'skill.moderation.appealDecidedBy':
    'Fall #{number}: Einspruch {approved, select, yes {angenommen} other {abgelehnt}} von <@{moderator}>.',
  'skill.moderation.caseAlreadyPardoned': 'Fall #{number} wurde bereits von <@{moderator}> erlassen.',
  'skill.moderation.casePardoned':
    'Fall #{number} erlassen: seine Punkte zählen nicht mehr (bei <@{user}> zählen jetzt {total, number}).',
  'skill.moderation.alreadyDecided':
    'Fall #{number} ist bereits {status, select, appealed {angefochten} upheld {bestätigt} overturned {aufgehoben} dismissed {verworfen} other {{status}}}',
  'skill.moderation.appealTitle': 'Einspruch gegen Fall #{number}',
  'skill.moderation.appealQuestion': 'Warum sollte ein Moderator noch einmal hinsehen?',
  'skill.moderation.appealSent':
    'Dein Einspruch gegen Fall #{number} wurde an die Moderatoren geschickt. Du bekommst hier eine Antwort.',
  'skill.kb.moderatorsOnly': 'nur Moderatoren können die Wissensdatenbank ändern',
  'skill.kb.noDocument': 'es gibt kein Dokument {document} in {collection}',
  'skill.kb.noCollection':
    'es gibt keine Sammlung „{collection}“ (/kb do:collections listet sie auf; /kb do:add legt eine an)',
  'skill.kb.importChatOnly': 'Unterhaltungen können nur aus dem Chat importiert werden',
  'skill.kb.importNoThread': 'führe das in einem Thread aus oder importiere mit from:channel',
  'skill.kb.importNothing':
    'in {where, select, thread {diesem Thread} other {diesem Kanal}} gibt es keine Nachrichten mit Text',
  'skill.kb.collectionName': 'Sammlungsnamen bestehen aus 1–64 Buchstaben, Ziffern, - oder _',
  'skill.kb.documentEmpty': 'das Dokument ist leer',
  'skill.kb.noDocumentGiven': 'gib das Dokument als Text, Datei oder URL an',
  'skill.kb.reading': 'Lese {source, select, unnamed {die Datei} other {{source}}}…',
  'skill.kb.documentUnreadable':
    '{source, select, unnamed {das Dokument} other {{source}}} ließ sich nicht lesen: es ist leer, beschädigt oder enthält keinen Text',
  'skill.kb.documentTooLarge':
    '{source, select, unnamed {das Dokument} other {{source}}} ist größer, als die Wissensdatenbank aufnimmt',
  'skill.kb.documentUnsupported':
    '{source, select, unnamed {das Dokument} other {{source}}} ist kein Dokument, das ich lesen kann: schick eine PDF-, HTML-, Markdown- oder Textdatei',
  'skill.kb.documentRefused':
    '{source, select, unnamed {das Dokument} other {{source}}} darf von hier nicht abgerufen werden: nur öffentliche Webadressen und Dateien der Plattform selbst',
  'skill.kb.documentUnavailable':
    '{source, select, unnamed {das Dokument} other {{source}}} ließ sich gerade nicht abrufen: versuch es später noch einmal',
  'skill.kb.documentNotFound':
    '{source, select, unnamed {das Dokument} other {{source}}} gibt es dort nicht: unter der Adresse liegt keine solche Seite oder Datei',
  'skill.ask.answerGone': 'diese Antwort ist nicht mehr gespeichert',
  'skill.ask.channelNotAllowed': 'dieser Kanal darf die Sammlung „{collection}“ nicht fragen',
  'skill.ask.noQuestion': 'stelle eine Frage',
  'skill.ask.rated':
    'Danke, vermerkt als {vote, select, helpful {hilfreich} other {nicht hilfreich}} ({helpful} fanden es hilfreich, {notHelpful} nicht).',
  'skill.describe.autoModeratorsOnly': 'nur Moderatoren können die automatische Bildbeschreibung ändern',
  'skill.describe.noImage':
    'es gibt kein Bild zum Beschreiben: hänge eines an oder verwende „Bild beschreiben“ auf einer Nachricht, die eines enthält',
  'skill.describe.tooLarge': '{name} ist {size, number} MiB groß; ich nehme Bilder bis {max, number} MiB',
  'skill.describe.cannotFetch': 'ich kann {name} von hier aus nicht abrufen',
  'skill.describe.unsupportedFile':
    '{name} ist kein Bild, das ich lesen kann: sende ein PNG-, JPEG-, GIF-, WebP-, AVIF- oder TIFF-Bild',
  'skill.describe.damagedFile': '{name} konnte nicht dekodiert werden: die Datei ist beschädigt oder unvollständig',
  'skill.describe.tooManyPixels': '{name} hat zu viele Pixel, als dass ich es mir ansehen könnte',
  'skill.describe.attachImage': 'hänge ein Bild an',
  'skill.describe.autoSet':
    '✅ Automatische Bildbeschreibungen: {mode, select, alt {hier gepostete Bilder ohne Beschreibung bekommen eine kurze maschinell geschriebene Beschreibung} other {hier gepostete Bilder werden nicht automatisch beschrieben; /describe und die Aktion „Bild beschreiben“ funktionieren weiterhin}}.',
  'skill.translate.autoModeratorsOnly': 'nur Moderatoren können die automatische Übersetzung ändern',
  'skill.translate.emptyText': 'der Text ist leer',
  'skill.translate.undetermined':
    'ich konnte nicht erkennen, in welcher Sprache das geschrieben ist: gib sie mit `from` an',
  'skill.translate.languageCode': 'eine Sprache ist ein Code wie de, fr oder ja',
  'skill.translate.textNotString': 'text muss eine Zeichenkette sein',
  'skill.translate.textTooLong': 'der Text ist länger als {maximum} Zeichen',
  'skill.sentiment.textNotString': 'text muss eine Zeichenkette sein',
  'skill.sentiment.textEmpty': 'der Text ist leer',
  'skill.sentiment.textTooLong': 'der Text ist länger als {maximum} Zeichen',
  'skill.classify.labelNotString': 'jedes Label muss eine Zeichenkette sein',
  'skill.classify.labelEmpty': 'ein Label ist leer',
  'skill.classify.labelTooLong': 'ein Label ist länger als {maximum} Zeichen',
  'skill.classify.noLabels': 'gib mindestens ein Label an',
  'skill.classify.tooManyLabels': 'gib höchstens {maximum} Labels an',
  'skill.classify.sameLabels': 'die Labels müssen sich unterscheiden',
  'skill.entities.noNames': 'Keine Namen gefunden in:\n> {text}',
  'skill.models.none': 'Auf diesem Server sind keine Modelle eingerichtet.',
  'skill.summarize.headerThread':
    '**Zusammenfassung dieses Threads** ({count, plural, one {# Nachricht} other {# Nachrichten}})',
  'skill.summarize.headerChannel':
    '**Zusammenfassung {count, plural, one {der letzten Nachricht} other {der letzten # Nachrichten}} in diesem Kanal**',
  'skill.summarize.headerText':
    '{parts, plural, one {**Zusammenfassung**} other {**Zusammenfassung** (in # Teilen gelesen)}}',
  'skill.ask.sources': '**Quellen**',
  'skill.ask.helpful': '👍 Hilfreich',
  'skill.ask.notHelpful': '👎 Nicht hilfreich',
  'skill.describe.header': '🖼️ **Bildbeschreibung** (maschinell erstellt) · {name} · {size}',
  'skill.describe.noCaption': '(keine Bildunterschrift)',
  'skill.describe.looksLike': '**Sieht aus wie:** {labels, select, none {nichts, was ich kenne} other {{labels}}}',
  'skill.describe.objects': '**Objekte:** {objects, select, none {keine gefunden} other {{objects}}}',
  'skill.describe.boxesAlt':
    'Vom Bot eingezeichnete Rahmen (maschinell erstellt): {objects, select, none {keine Objekte gefunden} other {{objects}}}',
  'skill.imagine.caption': '🎨 „{prompt}“ · Seed {seed} · {size} · {steps, plural, one {# Schritt} other {# Schritte}}',
  'skill.imagine.flaggedNote': '⚠️ Von der Bild-Sicherheitsprüfung markiert ({note})',
  'skill.imagine.infoPrompt': '**Prompt:** {prompt}',
  'skill.imagine.infoSettings': '**Seed:** {seed} · **Größe:** {size} · **Schritte:** {steps}',
  'skill.imagine.infoModel': '**Modell:** {model} · **Lizenz:** {license}',
  'skill.imagine.infoDecoder': '**Decoder:** {decoder} (TAESD) · **Lizenz:** {license}',
  'skill.imagine.infoOwnDecoder': '**Decoder:** das VAE des Modells',
  'skill.imagine.infoSafetyFlagged': '**Sicherheitsprüfung:** {model}: markiert ({note})',
  'skill.imagine.infoSafetyPassed': '**Sicherheitsprüfung:** {model}: bestanden',
  'skill.imagine.reroll': '🎲 Neu würfeln',
  'skill.imagine.infoButton': 'ℹ️ Info',
  'skill.imagine.deleteButton': '🗑️ Löschen',
  'skill.classify.header':
    '**Eingeordnet** ({multi, select, yes {jedes Label für sich} other {eine Verteilung über die Labels}})',
};
