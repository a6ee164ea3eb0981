/**
 * The skills' own refusals and notices in English (`skill.<skill>.<what>`), spread at the end of the reference
 * catalogue. Each is the English `message` its AppError carries (src/skills/refusal.ts formats it from here).
 */
export const skillsEn = {
  'skill.imagine.licenseNotAccepted':
    "image generation is off: the model {repo} is under {license} ({card}), which this server's operator has not accepted (IMAGINE_ACCEPT_LICENSES={license} after reading it)",
  'skill.imagine.blockedTerm': 'that prompt uses a blocked term ("{term}") on this server',
  'skill.imagine.cancelledByModerator': 'a moderator cancelled this image',
  'skill.imagine.cancelled': 'cancelled',
  'skill.imagine.flagged':
    'the image safety check flagged this image ({label} {score}), and flagged images are not posted here: try another prompt or seed',
  'skill.imagine.noSafetyCheck': 'no image safety check is configured on this server',
  'skill.imagine.flaggedModeratorsOnly': 'only moderators can change what happens to flagged images',
  'skill.imagine.allowAgeRestrictedOnly': "'allow' is only for age-restricted channels; choose refuse or spoiler here",
  'skill.imagine.noPrompt': 'describe the image',
  'skill.imagine.stepsTurbo': 'steps must be from {min, number} to {max, number} for this model',
  'skill.imagine.cancelNotOwner': 'Only the person who asked for this image or a moderator can cancel it.',
  'skill.imagine.cancelGone': 'That image is already finished or cancelled.',
  'skill.imagine.tooOldForButtons': 'that image is too old for its buttons: run /imagine again',
  'skill.imagine.cannotDelete': 'the bot cannot delete its messages here',
  'skill.imagine.deleteNotOwner': 'only the person who asked for this image or a moderator can delete it',
  'skill.imagine.dailyQuota':
    'You have made your {quota, plural, one {# image} other {# images}} for today; the quota resets at 00:00 UTC (in {wait}).',
  'skill.imagine.onTheWay':
    'You already have {count, plural, one {an image} other {# images}} on the way ({position, select, 0 {running} other {#{position} in the queue}}); try again when {count, plural, one {it is} other {one is}} done (in about {wait}).',
  'skill.imagine.promptTooLong': 'the prompt is longer than {maximum} characters',
  'skill.imagine.seedRange': 'seed must be from 0 to 4294967295',
  'skill.imagine.wholePixels': 'width and height are whole numbers of pixels',
  'skill.imagine.queued': '⏳ You are #{position} in the queue (about {wait})',
  'skill.imagine.drawing': '🎨 Drawing “{prompt}”…',
  'skill.imagine.cancelButton': 'Cancel',
  'skill.imagine.cancelledNotice': 'Cancelled.',
  'skill.imagine.deleted': 'Deleted.',
  'skill.imagine.flaggedSet':
    'Done: {policy, select, refuse {images the safety classifier flags are not posted here; the requester is told why} spoiler {images the safety classifier flags are posted here behind a spoiler} other {images the safety classifier flags are posted here as they are (this channel is age-restricted)}}.',
  'skill.transcribe.autoModeratorsOnly': 'only moderators can change automatic transcription',
  'skill.transcribe.noAudio':
    'there is no voice note or audio file to transcribe: attach one, or use Transcribe on a message that has one',
  'skill.transcribe.cannotFetch': "I can't fetch {name} from here",
  'skill.transcribe.noTranslator': 'translation into other languages is not set up',
  'skill.transcribe.tooLong': '{name} is {length} long; I transcribe up to {max}',
  'skill.transcribe.tooLarge': '{name} is {size, number} MiB; I take files up to {max, number} MiB',
  'skill.transcribe.transcriptGone': 'that transcript is no longer stored: transcribe the audio again',
  'skill.transcribe.unsupportedFile':
    '{name} is not audio I can transcribe: send Ogg/Opus, WebM, M4A/AAC, MP3, WAV or FLAC audio',
  'skill.transcribe.damagedFile': '{name} could not be decoded: it is damaged or truncated',
  'skill.transcribe.tooLongDecoded': '{name} is longer than {max}, the most I transcribe',
  'skill.transcribe.attachAudio': 'attach an audio file',
  'skill.transcribe.languageCode': 'language must be a code like en, de or ja (or auto)',
  'skill.transcribe.translateCode': 'translate must be a language code such as fr or en',
  'skill.transcribe.noSpeech': '🔇 I heard no speech in **{name}** ({length}).',
  'skill.transcribe.autoSet':
    '✅ Automatic transcription: {mode, select, voice {voice messages and audio clips are transcribed automatically here; other audio files on request} all {every voice message and audio file posted here is transcribed automatically} other {nothing is transcribed automatically here; /transcribe and the Transcribe action still work}}.',
  'skill.transcribe.summaryHeader': '**Summary of the transcript**',
  'skill.transcribe.transcriptHeader': '**Transcript** · {language}',
  'skill.transcribe.translationHeader': '**Translation into {into}** (from {language})',
  'skill.transcribe.transcribedBefore': 'transcribed before',
  'skill.transcribe.cutWindows':
    '⚠️ {count, plural, one {# part} other {# parts}} ran past the model’s length limit and may end early.',
  'skill.transcribe.summarize': 'Summarize',
  'skill.transcribe.moreInFiles':
    '… *({count, number} more characters: the whole transcript, with timestamps, is in the attached files)*',
  'skill.summarize.noText': 'give the text to summarize',
  'skill.summarize.noHistory': "I can't read conversations here: send the text to summarize instead",
  'skill.summarize.noThread':
    'there is no thread here: use it inside a thread (or "Summarize thread" on a message in one), or choose channel',
  'skill.summarize.nothing':
    'There are no messages in {where, select, thread {this thread} other {this channel}} to summarize yet.',
  'skill.summarize.textTooLong': 'text is longer than {maximum} characters',
  'skill.moderation.roleGateSyntax':
    'role-gate takes a command and the roles that may use it, e.g. value:"imagine @Artists" (a role mention or id), or value:"imagine off" to open it to everyone again',
  'skill.moderation.roleIsUserOrChannel':
    '{token} is a user or channel, not a role: role-gate takes a command and the roles that may use it, e.g. value:"imagine @Artists" (a role mention or id), or value:"imagine off" to open it to everyone again',
  'skill.moderation.notRole':
    '"{token}" is not a role mention or id: role-gate takes a command and the roles that may use it, e.g. value:"imagine @Artists" (a role mention or id), or value:"imagine off" to open it to everyone again',
  'skill.moderation.gateUnknownCommand': 'there is no command called "{command}"; these can be gated: {known}',
  'skill.moderation.neverGated': "/{command} stays open to everyone and can't be gated",
  'skill.moderation.slackNoRoles': 'Slack has no roles, so commands there cannot be gated by role',
  'skill.moderation.notDuration': '"{text}" is not a duration: write a number and m, h or d (10m, 2h, 1d)',
  'skill.moderation.timeoutTooShort': 'a timeout of "{text}" is no timeout: give at least 1m',
  'skill.moderation.timeoutTooLong': 'a timeout of "{text}" is longer than Discord\'s maximum of 28 days (28d)',
  'skill.moderation.durationNotTimeout': '"{text}": only timeouts take a duration',
  'skill.moderation.notStep': '"{text}" is not a ladder step: use warn, timeout, timeout:10m, kick or ban',
  'skill.moderation.ladderSyntax':
    'a ladder is "points step" entries separated by commas, e.g. "3 timeout:10m, 5 timeout:1d, 8 kick" (steps: warn, timeout, timeout:\'<n>\'m|h|d, kick, ban), or "default", or "off"',
  'skill.moderation.ladderEntry':
    '"{entry}": a ladder is "points step" entries separated by commas, e.g. "3 timeout:10m, 5 timeout:1d, 8 kick" (steps: warn, timeout, timeout:\'<n>\'m|h|d, kick, ban), or "default", or "off"',
  'skill.moderation.needsValue': '"{what}" needs a value',
  'skill.moderation.thresholdSyntax': 'threshold takes "label flag remove", scores between 0 and 1 ("-" for none)',
  'skill.moderation.actionSyntax': 'action takes "flag|remove" and actions from: {actions}',
  'skill.moderation.pointsTtlSyntax': 'points-ttl takes a number of days from 1 to 3650, e.g. value:30',
  'skill.moderation.moderatorMessagesSyntax':
    'moderator-messages takes record (a case, no action), ignore (no case) or act (as for anyone)',
  'skill.moderation.caseNumberSyntax': '{what} takes a case number, e.g. value:12',
  'skill.moderation.warnSyntax':
    'warn takes a user (a mention or id) and then the reason they will read, e.g. value:"<@123> spamming links"',
  'skill.moderation.warnNotUser':
    'warn takes a user (a mention or id) and then the reason they will read, e.g. value:"<@123> spamming links"; "{token}" is not a user',
  'skill.moderation.warnSelf': "you can't warn yourself",
  'skill.moderation.warnModerator': '<@{user}> is a moderator here, and moderators are not warned',
  'skill.moderation.noCase': 'there is no case #{number}',
  'skill.moderation.moderatorsOnly': 'only moderators can do that',
  'skill.moderation.otherServer': 'that case belongs to another server',
  'skill.moderation.tunedUnavailable': 'the tuned head is not available on this server',
  'skill.moderation.tunedSyntax': 'tuned takes train, shadow, live or off (or nothing, to show)',
  'skill.moderation.ruleTooLong': 'a rule is at most {max} characters',
  'skill.moderation.tooManyRules': 'a policy has at most {max} rules',
  'skill.moderation.noRule': 'there is no rule {id}: do:rule lists them',
  'skill.moderation.ruleThresholdSyntax': 'threshold takes one score between 0 and 1, e.g. "2 threshold 0.8"',
  'skill.moderation.ruleActionsSyntax': 'actions takes actions from: {actions}',
  'skill.moderation.ruleChangeSyntax':
    'a rule changes with "\'<n>\' threshold 0.8", "\'<n>\' actions …", "\'<n>\' live", "\'<n>\' dry-run" or "\'<n>\' remove"',
  'skill.moderation.previewSyntax': 'rule-preview takes a rule number: do:rule lists them',
  'skill.moderation.previewNoRule': 'rule-preview takes a rule number: there is no rule {id}',
  'skill.moderation.noNli': 'rules cannot be scored here: no NLI model is configured',
  'skill.moderation.previewNoHistory': "I can't read this channel's messages here: preview rules in chat",
  'skill.moderation.noCaseToAppeal': 'you have no case #{number} to appeal',
  'skill.moderation.dmFlagged':
    'Your message in <#{channel}> was {verdict, select, remove {removed} other {flagged}} by the server’s moderation (case #{number}: {reasons}).',
  'skill.moderation.dmWarned': 'A moderator warned you in <#{channel}> (case #{number}): {text}',
  'skill.moderation.dmAppealHint': 'If you think this was a mistake, you can appeal and a moderator will look at it.',
  'skill.moderation.appealButton': 'Appeal',
  'skill.moderation.dmPardoned':
    'A moderator pardoned case #{number} (in <#{channel}>): its warning points no longer count.',
  'skill.moderation.dmAppealDecided':
    'Your appeal of case #{number} was {approved, select, yes {approved: the case is overturned and its points removed} other {denied: the case stands}}.',
  'skill.moderation.reportHeader':
    '**Case #{number}** · <@{user}> in <#{channel}> · **{verdict}**{dryRun, select, yes { (dry run)} other {}}',
  'skill.moderation.reportRule': 'Rule: {rule}',
  'skill.moderation.reportByModerator': 'moderator action by <@{user}>',
  'skill.moderation.reportModel': 'Model: {models}',
  'skill.moderation.reportLanguage': 'Language: {language}',
  'skill.moderation.reportState': 'Actions: {actions} · Points: {points} · Status: {status}',
  'skill.moderation.reportNone': 'none',
  'skill.moderation.reportAppeal': 'Appeal: {text}',
  'skill.moderation.reportDecided': 'Decided by <@{user}>',
  'skill.moderation.reportPardoned': 'Pardoned by <@{user}>: its points no longer count',
  'skill.moderation.approveAppeal': 'Approve appeal',
  'skill.moderation.denyAppeal': 'Deny appeal',
  'skill.moderation.hiddenImage': 'An image <@{user}> posted, hidden behind a spoiler by moderation (case #{number}).',
  'skill.moderation.casesCount': '{count, plural, =0 {No cases.} one {# case} other {# cases}}',
  'skill.moderation.casesPoints':
    '<@{user}> has {points, plural, one {# warning point} other {# warning points}} counting now',
  'skill.moderation.policyHeader':
    'Moderation for {scope, select, server {this server} other {this channel}}: **{enabled, select, yes {on} other {off}}**{dryRun, select, yes { (dry run: cases only, no actions)} other {}}',
  'skill.moderation.policyModels': 'Models: {models} · thresholds (flag/remove): {thresholds}',
  'skill.moderation.policyActions': 'On flag: {flag} · on remove: {remove} · timeout: {timeout}',
  'skill.moderation.policyModChannel': 'Mod channel: {channel} · exempt roles: {roles} · exempt channels: {channels}',
  'skill.moderation.policyReportPing': '{channel} (reports ping {roles})',
  'skill.moderation.policyNotSet': 'not set',
  'skill.moderation.policyPoints':
    'Warning points: flag {flag}, remove {remove}, manual warning {warn}; they expire after {days, plural, one {# day} other {# days}}',
  'skill.moderation.policyLadder': 'Ladder: {ladder}',
  'skill.moderation.policyNone': 'none',
  'skill.moderation.policyTimeoutFor': 'timeout for {duration}',
  'skill.moderation.duration':
    '{unit, select, day {{n, plural, one {# day} other {# days}}} hour {{n, plural, one {# hour} other {# hours}}} other {{n, plural, one {# minute} other {# minutes}}}}',
  'skill.moderation.policyModeratorMessages':
    'Moderators\' flagged messages: {mode, select, record {a case marked "not actioned: moderator"} ignore {ignored} other {acted on as anyone’s}}',
  'skill.moderation.policyGates': 'Role gates: {gates}',
  'skill.moderation.policyNoGates': 'none (everyone may use every command)',
  'skill.moderation.warnedCase':
    'Case #{number}: <@{user}> warned ({points, plural, one {# point} other {# points}}; {total, number} counting now). Actions: {actions}',
  'skill.moderation.caseAlreadyDecided':
    'Case #{number} was already decided ({status, select, upheld {upheld} other {overturned}}).',
  'skill.moderation.appealDecidedBy':
    'Case #{number}: appeal {approved, select, yes {approved} other {denied}} by <@{moderator}>.',
  'skill.moderation.caseAlreadyPardoned': 'Case #{number} was already pardoned by <@{moderator}>.',
  'skill.moderation.casePardoned':
    'Case #{number} pardoned: its points no longer count (<@{user}> has {total, number} counting now).',
  'skill.moderation.alreadyDecided':
    'case #{number} is already {status, select, appealed {appealed} upheld {upheld} overturned {overturned} dismissed {dismissed} other {{status}}}',
  'skill.moderation.appealTitle': 'Appeal case #{number}',
  'skill.moderation.appealQuestion': 'Why should a moderator look again?',
  'skill.moderation.appealSent': 'Your appeal of case #{number} was sent to the moderators. You will hear back here.',
  'skill.kb.moderatorsOnly': 'only moderators can change the knowledge base',
  'skill.kb.noDocument': 'there is no document {document} in {collection}',
  'skill.kb.noCollection':
    'there is no collection "{collection}" (/kb do:collections lists them; /kb do:add creates one)',
  'skill.kb.importChatOnly': 'conversations can only be imported from chat',
  'skill.kb.importNoThread': 'run this inside a thread, or import from:channel',
  'skill.kb.importNothing': 'there are no messages with text in this {where, select, thread {thread} other {channel}}',
  'skill.kb.collectionName': 'collection names are 1–64 letters, digits, - or _',
  'skill.kb.documentEmpty': 'the document is empty',
  'skill.kb.noDocumentGiven': 'give the document as text, a file or a url',
  'skill.kb.reading': 'Reading {source, select, unnamed {the file} other {{source}}}…',
  'skill.kb.documentUnreadable':
    '{source, select, unnamed {the document} other {{source}}} could not be read: it is empty, damaged or holds no text',
  'skill.kb.documentTooLarge':
    '{source, select, unnamed {the document} other {{source}}} is larger than the knowledge base takes',
  'skill.kb.documentUnsupported':
    '{source, select, unnamed {the document} other {{source}}} is not a document I can read: send a PDF, HTML, Markdown or text file',
  'skill.kb.documentRefused':
    '{source, select, unnamed {the document} other {{source}}} may not be fetched from here: only public web addresses and the platform’s own files are',
  'skill.kb.documentUnavailable':
    '{source, select, unnamed {the document} other {{source}}} could not be fetched just now: try again later',
  'skill.kb.documentNotFound':
    '{source, select, unnamed {the document} other {{source}}} is not there: the address has no such page or file',
  'skill.ask.answerGone': 'that answer is no longer stored',
  'skill.ask.channelNotAllowed': 'this channel may not ask the "{collection}" collection',
  'skill.ask.noQuestion': 'ask a question',
  'skill.ask.rated':
    'Thanks, noted as {vote, select, helpful {helpful} other {not helpful}} ({helpful} found it helpful, {notHelpful} did not).',
  'skill.describe.autoModeratorsOnly': 'only moderators can change automatic image descriptions',
  'skill.describe.noImage':
    'there is no image to describe: attach one, or use Describe image on a message that has one',
  'skill.describe.tooLarge': '{name} is {size, number} MiB; I take images up to {max, number} MiB',
  'skill.describe.cannotFetch': "I can't fetch {name} from here",
  'skill.describe.unsupportedFile':
    '{name} is not an image I can read: send a PNG, JPEG, GIF, WebP, AVIF or TIFF image',
  'skill.describe.damagedFile': '{name} could not be decoded: it is damaged or truncated',
  'skill.describe.tooManyPixels': '{name} has too many pixels for me to look at',
  'skill.describe.attachImage': 'attach an image',
  'skill.describe.autoSet':
    '✅ Automatic image descriptions: {mode, select, alt {images posted here without a description get a short machine-written description} other {images posted here are not described automatically; /describe and the Describe image action still work}}.',
  'skill.translate.autoModeratorsOnly': 'only moderators can change automatic translation',
  'skill.translate.emptyText': 'text is empty',
  'skill.translate.undetermined': 'could not tell which language this is written in: say it with `from`',
  'skill.translate.languageCode': 'a language is a code such as de, fr or ja',
  'skill.translate.textNotString': 'text must be a string',
  'skill.translate.textTooLong': 'text is longer than {maximum} characters',
  'skill.sentiment.textNotString': 'text must be a string',
  'skill.sentiment.textEmpty': 'text is empty',
  'skill.sentiment.textTooLong': 'text is longer than {maximum} characters',
  'skill.classify.labelNotString': 'each label must be a string',
  'skill.classify.labelEmpty': 'a label is empty',
  'skill.classify.labelTooLong': 'a label is longer than {maximum} characters',
  'skill.classify.noLabels': 'give at least one label',
  'skill.classify.tooManyLabels': 'give at most {maximum} labels',
  'skill.classify.sameLabels': 'labels must differ',
  'skill.entities.noNames': 'No names found in:\n> {text}',
  'skill.models.none': 'No models are configured on this server.',
  'skill.summarize.headerThread': '**Summary of this thread** ({count, plural, one {# message} other {# messages}})',
  'skill.summarize.headerChannel':
    '**Summary of the last {count, plural, one {# message} other {# messages}} in this channel**',
  'skill.summarize.headerText': '{parts, plural, one {**Summary**} other {**Summary** (read in # parts)}}',
  'skill.ask.sources': '**Sources**',
  'skill.ask.helpful': '👍 Helpful',
  'skill.ask.notHelpful': '👎 Not helpful',
  'skill.describe.header': '🖼️ **Image description** (machine-written) · {name} · {size}',
  'skill.describe.noCaption': '(no caption)',
  'skill.describe.looksLike': '**Looks like:** {labels, select, none {nothing I know} other {{labels}}}',
  'skill.describe.objects': '**Objects:** {objects, select, none {none found} other {{objects}}}',
  'skill.describe.boxesAlt':
    'Boxes drawn by the bot (machine-written): {objects, select, none {no objects found} other {{objects}}}',
  'skill.imagine.caption': '🎨 “{prompt}” · seed {seed} · {size} · {steps, plural, one {# step} other {# steps}}',
  'skill.imagine.flaggedNote': '⚠️ Flagged by the image safety check ({note})',
  'skill.imagine.infoPrompt': '**Prompt:** {prompt}',
  'skill.imagine.infoSettings': '**Seed:** {seed} · **Size:** {size} · **Steps:** {steps}',
  'skill.imagine.infoModel': '**Model:** {model} · **Licence:** {license}',
  'skill.imagine.infoDecoder': '**Decoder:** {decoder} (TAESD) · **Licence:** {license}',
  'skill.imagine.infoOwnDecoder': '**Decoder:** the model’s VAE',
  'skill.imagine.infoSafetyFlagged': '**Safety check:** {model}: flagged ({note})',
  'skill.imagine.infoSafetyPassed': '**Safety check:** {model}: passed',
  'skill.imagine.reroll': '🎲 Reroll',
  'skill.imagine.infoButton': 'ℹ️ Info',
  'skill.imagine.deleteButton': '🗑️ Delete',
  'skill.classify.header':
    '**Classified** ({multi, select, yes {each label on its own} other {one distribution over the labels}})',
} as const;

export type SkillCatalogue = Readonly<Record<keyof typeof skillsEn, string>>;
