import type { SkillCatalogue } from './en.js';
/** The skills' own refusals and notices in French; command syntax (value:…, do:…, steps) stays as typed. */
export const skillsFr: SkillCatalogue = {
  'skill.imagine.licenseNotAccepted':
    'la génération d’images est désactivée : le modèle {repo} est sous licence {license} ({card}), que l’opérateur de ce serveur n’a pas acceptée (IMAGINE_ACCEPT_LICENSES={license} après l’avoir lue)',
  'skill.imagine.blockedTerm': 'cette description contient un terme bloqué sur ce serveur (« {term} »)',
  'skill.imagine.cancelledByModerator': 'un modérateur a annulé cette image',
  'skill.imagine.cancelled': 'annulé',
  'skill.imagine.flagged':
    'le contrôle de sécurité a signalé cette image ({label} {score}), et les images signalées ne sont pas publiées ici : essayez une autre description ou une autre graine',
  'skill.imagine.noSafetyCheck': 'aucun contrôle de sécurité des images n’est configuré sur ce serveur',
  'skill.imagine.flaggedModeratorsOnly': 'seuls les modérateurs peuvent changer ce qui arrive aux images signalées',
  'skill.imagine.allowAgeRestrictedOnly':
    '« allow » est réservé aux salons soumis à une limite d’âge ; choisissez refuse ou spoiler ici',
  'skill.imagine.noPrompt': 'décrivez l’image',
  'skill.imagine.stepsTurbo': 'steps doit être compris entre {min, number} et {max, number} pour ce modèle',
  'skill.imagine.cancelNotOwner': 'Seule la personne qui a demandé cette image ou un modérateur peut l’annuler.',
  'skill.imagine.cancelGone': 'Cette image est déjà terminée ou annulée.',
  'skill.imagine.tooOldForButtons': 'cette image est trop ancienne pour ses boutons : relancez /imagine',
  'skill.imagine.cannotDelete': 'le bot ne peut pas supprimer ses messages ici',
  'skill.imagine.deleteNotOwner': 'seule la personne qui a demandé cette image ou un modérateur peut la supprimer',
  'skill.imagine.dailyQuota':
    'Vous avez déjà créé {quota, plural, one {# image} other {# images}} aujourd’hui ; le quota se réinitialise à 00:00 UTC (dans {wait}).',
  'skill.imagine.onTheWay':
    'Vous avez déjà {count, plural, one {une image} other {# images}} en cours ({position, select, 0 {en cours de création} other {n° {position} dans la file}}) ; réessayez quand {count, plural, one {elle sera terminée} other {l’une d’elles sera terminée}} (dans environ {wait}).',
  'skill.imagine.promptTooLong': 'la description dépasse {maximum} caractères',
  'skill.imagine.seedRange': 'seed doit être compris entre 0 et 4294967295',
  'skill.imagine.wholePixels': 'la largeur et la hauteur sont des nombres entiers de pixels',
  'skill.imagine.queued': '⏳ Vous êtes n° {position} dans la file (environ {wait})',
  'skill.imagine.drawing': '🎨 Je dessine « {prompt} »…',
  'skill.imagine.cancelButton': 'Annuler',
  'skill.imagine.cancelledNotice': 'Annulé.',
  'skill.imagine.deleted': 'Supprimé.',
  'skill.imagine.flaggedSet':
    'C’est fait : {policy, select, refuse {les images signalées par le classifieur de sécurité ne sont pas publiées ici ; la personne qui les a demandées est informée de la raison} spoiler {les images signalées par le classifieur de sécurité sont publiées ici derrière un spoiler} other {les images signalées par le classifieur de sécurité sont publiées ici telles quelles (ce salon est soumis à une limite d’âge)}}.',
  'skill.transcribe.autoModeratorsOnly': 'seuls les modérateurs peuvent modifier la transcription automatique',
  'skill.transcribe.noAudio':
    'il n’y a ni message vocal ni fichier audio à transcrire : joignez-en un, ou utilisez Transcrire sur un message qui en contient un',
  'skill.transcribe.cannotFetch': 'je ne peux pas récupérer {name} d’ici',
  'skill.transcribe.noTranslator': 'la traduction vers d’autres langues n’est pas configurée',
  'skill.transcribe.tooLong': '{name} dure {length} ; je transcris jusqu’à {max}',
  'skill.transcribe.tooLarge': '{name} fait {size, number} Mio ; j’accepte les fichiers jusqu’à {max, number} Mio',
  'skill.transcribe.transcriptGone': 'cette transcription n’est plus conservée : transcrivez à nouveau l’audio',
  'skill.transcribe.unsupportedFile':
    '{name} n’est pas un fichier audio que je sais transcrire : envoyez de l’audio Ogg/Opus, WebM, M4A/AAC, MP3, WAV ou FLAC',
  'skill.transcribe.damagedFile': '{name} n’a pas pu être décodé : le fichier est endommagé ou tronqué',
  'skill.transcribe.tooLongDecoded': '{name} dure plus de {max}, le maximum que je transcris',
  'skill.transcribe.attachAudio': 'joignez un fichier audio',
  'skill.transcribe.languageCode': 'language doit être un code comme en, de ou ja (ou auto)',
  'skill.transcribe.translateCode': 'translate doit être un code de langue comme fr ou en',
  'skill.transcribe.noSpeech': '🔇 Je n’ai entendu aucune parole dans **{name}** ({length}).',
  'skill.transcribe.autoSet':
    '✅ Transcription automatique : {mode, select, voice {les messages vocaux et les extraits audio sont transcrits automatiquement ici ; les autres fichiers audio sur demande} all {chaque message vocal et fichier audio publié ici est transcrit automatiquement} other {rien n’est transcrit automatiquement ici ; /transcribe et l’action Transcrire fonctionnent toujours}}.',
  'skill.transcribe.summaryHeader': '**Résumé de la transcription**',
  'skill.transcribe.transcriptHeader': '**Transcription** · {language}',
  'skill.transcribe.translationHeader': '**Traduction : {into}** (original : {language})',
  'skill.transcribe.transcribedBefore': 'déjà transcrit',
  'skill.transcribe.cutWindows':
    '⚠️ {count, plural, one {# partie dépassait} other {# parties dépassaient}} la longueur que traite le modèle : la fin peut manquer.',
  'skill.transcribe.summarize': 'Résumer',
  'skill.transcribe.moreInFiles':
    '… *(encore {count, number} caractères : la transcription complète, horodatée, est dans les fichiers joints)*',
  'skill.summarize.noText': 'donnez le texte à résumer',
  'skill.summarize.noHistory': 'je ne peux pas lire les conversations ici : envoyez plutôt le texte à résumer',
  'skill.summarize.noThread':
    'il n’y a pas de fil ici : utilisez-le dans un fil (ou « Résumer le fil » sur un message qui s’y trouve), ou choisissez channel',
  'skill.summarize.nothing':
    'Il n’y a pas encore de messages à résumer dans {where, select, thread {ce fil} other {ce salon}}.',
  'skill.summarize.textTooLong': 'le texte dépasse {maximum} caractères',
  'skill.moderation.roleGateSyntax':
    'role-gate prend une commande et les rôles qui peuvent l’utiliser, par ex. value:"imagine @Artists" (une mention ou un identifiant de rôle), ou value:"imagine off" pour la rouvrir à tout le monde',
  'skill.moderation.roleIsUserOrChannel':
    '{token} est un utilisateur ou un salon, pas un rôle : role-gate prend une commande et les rôles qui peuvent l’utiliser, par ex. value:"imagine @Artists" (une mention ou un identifiant de rôle), ou value:"imagine off" pour la rouvrir à tout le monde',
  'skill.moderation.notRole':
    '« {token} » n’est ni une mention ni un identifiant de rôle : role-gate prend une commande et les rôles qui peuvent l’utiliser, par ex. value:"imagine @Artists" (une mention ou un identifiant de rôle), ou value:"imagine off" pour la rouvrir à tout le monde',
  'skill.moderation.gateUnknownCommand':
    'il n’existe pas de commande « {command} » ; celles-ci peuvent être restreintes : {known}',
  'skill.moderation.neverGated': '/{command} reste ouverte à tout le monde et ne peut pas être restreinte',
  'skill.moderation.slackNoRoles':
    'Slack n’a pas de rôles, les commandes ne peuvent donc pas y être restreintes par rôle',
  'skill.moderation.notDuration': '« {text} » n’est pas une durée : écrivez un nombre suivi de m, h ou d (10m, 2h, 1d)',
  'skill.moderation.timeoutTooShort': 'une exclusion temporaire de « {text} » n’en est pas une : indiquez au moins 1m',
  'skill.moderation.timeoutTooLong':
    'une exclusion temporaire de « {text} » dépasse le maximum de Discord, 28 jours (28d)',
  'skill.moderation.durationNotTimeout': '« {text} » : seules les exclusions temporaires prennent une durée',
  'skill.moderation.notStep':
    '« {text} » n’est pas une étape de l’échelle : utilisez warn, timeout, timeout:10m, kick ou ban',
  'skill.moderation.ladderSyntax':
    'une échelle se compose d’entrées « points étape » séparées par des virgules, par ex. "3 timeout:10m, 5 timeout:1d, 8 kick" (étapes : warn, timeout, timeout:\'<n>\'m|h|d, kick, ban), ou "default", ou "off"',
  'skill.moderation.ladderEntry':
    '« {entry} » : une échelle se compose d’entrées « points étape » séparées par des virgules, par ex. "3 timeout:10m, 5 timeout:1d, 8 kick" (étapes : warn, timeout, timeout:\'<n>\'m|h|d, kick, ban), ou "default", ou "off"',
  'skill.moderation.needsValue': '« {what} » a besoin d’une valeur',
  'skill.moderation.thresholdSyntax': 'threshold prend "label flag remove", des scores entre 0 et 1 ("-" pour aucun)',
  'skill.moderation.actionSyntax': 'action prend "flag|remove" et des actions parmi : {actions}',
  'skill.moderation.pointsTtlSyntax': 'points-ttl prend un nombre de jours de 1 à 3650, par ex. value:30',
  'skill.moderation.moderatorMessagesSyntax':
    'moderator-messages prend record (un dossier, aucune action), ignore (aucun dossier) ou act (comme pour tout le monde)',
  'skill.moderation.caseNumberSyntax': '{what} prend un numéro de dossier, par ex. value:12',
  'skill.moderation.warnSyntax':
    'warn prend un utilisateur (une mention ou un identifiant) puis le motif qu’il lira, par ex. value:"<@123> envoie des liens de spam"',
  'skill.moderation.warnNotUser':
    'warn prend un utilisateur (une mention ou un identifiant) puis le motif qu’il lira, par ex. value:"<@123> envoie des liens de spam" ; « {token} » n’est pas un utilisateur',
  'skill.moderation.warnSelf': 'vous ne pouvez pas vous avertir vous-même',
  'skill.moderation.warnModerator': '<@{user}> est modérateur ici, et les modérateurs ne reçoivent pas d’avertissement',
  'skill.moderation.noCase': 'il n’existe pas de dossier n° {number}',
  'skill.moderation.moderatorsOnly': 'seuls les modérateurs peuvent faire cela',
  'skill.moderation.otherServer': 'ce dossier appartient à un autre serveur',
  'skill.moderation.tunedUnavailable': 'le classifieur ajusté n’est pas disponible sur ce serveur',
  'skill.moderation.tunedSyntax': 'tuned prend train, shadow, live ou off (ou rien, pour afficher)',
  'skill.moderation.ruleTooLong': 'une règle fait au plus {max} caractères',
  'skill.moderation.tooManyRules': 'une politique a au plus {max} règles',
  'skill.moderation.noRule': 'il n’existe pas de règle {id} : do:rule les liste',
  'skill.moderation.ruleThresholdSyntax': 'threshold prend un score entre 0 et 1, par ex. "2 threshold 0.8"',
  'skill.moderation.ruleActionsSyntax': 'actions prend des actions parmi : {actions}',
  'skill.moderation.ruleChangeSyntax':
    'une règle se modifie avec "\'<n>\' threshold 0.8", "\'<n>\' actions …", "\'<n>\' live", "\'<n>\' dry-run" ou "\'<n>\' remove"',
  'skill.moderation.previewSyntax': 'rule-preview prend un numéro de règle : do:rule les liste',
  'skill.moderation.previewNoRule': 'rule-preview prend un numéro de règle : il n’existe pas de règle {id}',
  'skill.moderation.noNli': 'les règles ne peuvent pas être évaluées ici : aucun modèle NLI n’est configuré',
  'skill.moderation.previewNoHistory':
    'je ne peux pas lire les messages de ce salon ici : testez les règles dans le chat',
  'skill.moderation.noCaseToAppeal': 'vous n’avez pas de dossier n° {number} à contester',
  'skill.moderation.dmFlagged':
    'Votre message dans <#{channel}> a été {verdict, select, remove {supprimé} other {signalé}} par la modération du serveur (dossier #{number} : {reasons}).',
  'skill.moderation.dmWarned': 'Un modérateur vous a averti dans <#{channel}> (dossier #{number}) : {text}',
  'skill.moderation.dmAppealHint':
    'Si vous pensez qu’il s’agit d’une erreur, vous pouvez faire appel et un modérateur l’examinera.',
  'skill.moderation.appealButton': 'Faire appel',
  'skill.moderation.dmPardoned':
    'Un modérateur a gracié le dossier #{number} (dans <#{channel}>) : ses points d’avertissement ne comptent plus.',
  'skill.moderation.dmAppealDecided':
    'Votre appel du dossier #{number} a été {approved, select, yes {accepté : le dossier est annulé et ses points retirés} other {rejeté : le dossier est maintenu}}.',
  'skill.moderation.reportHeader':
    '**Cas #{number}** · <@{user}> dans <#{channel}> · **{verdict}**{dryRun, select, yes { (à blanc)} other {}}',
  'skill.moderation.reportRule': 'Règle : {rule}',
  'skill.moderation.reportByModerator': 'action de modération par <@{user}>',
  'skill.moderation.reportModel': 'Modèle : {models}',
  'skill.moderation.reportLanguage': 'Langue : {language}',
  'skill.moderation.reportState': 'Actions : {actions} · Points : {points} · Statut : {status}',
  'skill.moderation.reportNone': 'aucune',
  'skill.moderation.reportAppeal': 'Recours : {text}',
  'skill.moderation.reportDecided': 'Décidé par <@{user}>',
  'skill.moderation.reportPardoned': 'Levé par <@{user}> : ses points ne comptent plus',
  'skill.moderation.approveAppeal': 'Accepter le recours',
  'skill.moderation.denyAppeal': 'Rejeter le recours',
  'skill.moderation.hiddenImage':
    'Une image publiée par <@{user}>, masquée derrière un spoiler par la modération (cas #{number}).',
  'skill.moderation.casesCount': '{count, plural, =0 {Aucun cas.} one {# cas} other {# cas}}',
  'skill.moderation.casesPoints':
    '<@{user}> a {points, plural, one {# point d’avertissement qui compte} other {# points d’avertissement qui comptent}} en ce moment',
  'skill.moderation.policyHeader':
    'Modération pour {scope, select, server {ce serveur} other {ce salon}} : **{enabled, select, yes {activée} other {désactivée}}**{dryRun, select, yes { (à blanc : des cas seulement, aucune action)} other {}}',
  'skill.moderation.policyModels': 'Modèles : {models} · seuils (signaler/retirer) : {thresholds}',
  'skill.moderation.policyActions':
    'Au signalement : {flag} · au retrait : {remove} · exclusion temporaire : {timeout}',
  'skill.moderation.policyModChannel':
    'Salon de modération : {channel} · rôles exemptés : {roles} · salons exemptés : {channels}',
  'skill.moderation.policyReportPing': '{channel} (les rapports mentionnent {roles})',
  'skill.moderation.policyNotSet': 'non défini',
  'skill.moderation.policyPoints':
    'Points d’avertissement : signalement {flag}, retrait {remove}, avertissement manuel {warn} ; ils expirent après {days, plural, one {# jour} other {# jours}}',
  'skill.moderation.policyLadder': 'Paliers : {ladder}',
  'skill.moderation.policyNone': 'aucun',
  'skill.moderation.policyTimeoutFor': 'exclusion temporaire de {duration}',
  'skill.moderation.duration':
    '{unit, select, day {{n, plural, one {# jour} other {# jours}}} hour {{n, plural, one {# heure} other {# heures}}} other {{n, plural, one {# minute} other {# minutes}}}}',
  'skill.moderation.policyModeratorMessages':
    'Messages signalés des modérateurs : {mode, select, record {un cas marqué « sans suite : modérateur »} ignore {ignorés} other {traités comme ceux de tous}}',
  'skill.moderation.policyGates': 'Restrictions par rôle : {gates}',
  'skill.moderation.policyNoGates': 'aucune (tout le monde peut utiliser chaque commande)',
  'skill.moderation.warnedCase':
    'Dossier #{number} : <@{user}> averti ({points, plural, one {# point} other {# points}} ; {total, number} comptent désormais). Actions : {actions}',
  'skill.moderation.caseAlreadyDecided':
    'Le dossier #{number} est déjà tranché ({status, select, upheld {maintenu} other {annulé}}).',
  'skill.moderation.appealDecidedBy':
    'Dossier #{number} : appel {approved, select, yes {accepté} other {rejeté}} par <@{moderator}>.',
  'skill.moderation.caseAlreadyPardoned': 'Le dossier #{number} a déjà été gracié par <@{moderator}>.',
  'skill.moderation.casePardoned':
    'Dossier #{number} gracié : ses points ne comptent plus (<@{user}> en a {total, number} qui comptent désormais).',
  'skill.moderation.alreadyDecided':
    'le dossier n° {number} est déjà {status, select, appealed {contesté} upheld {confirmé} overturned {annulé} dismissed {classé} other {{status}}}',
  'skill.moderation.appealTitle': 'Contester le dossier n° {number}',
  'skill.moderation.appealQuestion': 'Pourquoi un modérateur devrait-il y regarder à nouveau ?',
  'skill.moderation.appealSent':
    'Votre contestation du dossier n° {number} a été envoyée aux modérateurs. Vous aurez une réponse ici.',
  'skill.kb.moderatorsOnly': 'seuls les modérateurs peuvent modifier la base de connaissances',
  'skill.kb.noDocument': 'il n’existe pas de document {document} dans {collection}',
  'skill.kb.noCollection':
    'il n’existe pas de collection « {collection} » (/kb do:collections les liste ; /kb do:add en crée une)',
  'skill.kb.importChatOnly': 'les conversations ne peuvent être importées que depuis le chat',
  'skill.kb.importNoThread': 'lancez ceci dans un fil, ou importez avec from:channel',
  'skill.kb.importNothing':
    'il n’y a aucun message avec du texte dans {where, select, thread {ce fil} other {ce salon}}',
  'skill.kb.collectionName': 'les noms de collection comptent de 1 à 64 lettres, chiffres, - ou _',
  'skill.kb.documentEmpty': 'le document est vide',
  'skill.kb.noDocumentGiven': 'donnez le document sous forme de texte, de fichier ou d’URL',
  'skill.kb.reading': 'Lecture de {source, select, unnamed {du fichier} other {{source}}}…',
  'skill.kb.documentUnreadable':
    '{source, select, unnamed {le document} other {{source}}} n’a pas pu être lu : il est vide, endommagé ou ne contient pas de texte',
  'skill.kb.documentTooLarge':
    '{source, select, unnamed {le document} other {{source}}} dépasse la taille que prend la base de connaissances',
  'skill.kb.documentUnsupported':
    '{source, select, unnamed {le document} other {{source}}} n’est pas un document que je sais lire : envoyez un fichier PDF, HTML, Markdown ou texte',
  'skill.kb.documentRefused':
    '{source, select, unnamed {le document} other {{source}}} ne peut pas être récupéré d’ici : seules les adresses web publiques et les fichiers de la plateforme le peuvent',
  'skill.kb.documentUnavailable':
    '{source, select, unnamed {le document} other {{source}}} n’a pas pu être récupéré pour l’instant : réessayez plus tard',
  'skill.kb.documentNotFound':
    '{source, select, unnamed {le document} other {{source}}} est introuvable : l’adresse ne mène à aucune page ni aucun fichier',
  'skill.ask.answerGone': 'cette réponse n’est plus conservée',
  'skill.ask.channelNotAllowed': 'ce salon ne peut pas interroger la collection « {collection} »',
  'skill.ask.noQuestion': 'posez une question',
  'skill.ask.rated':
    'Merci, noté comme {vote, select, helpful {utile} other {pas utile}} ({helpful} l’ont trouvé utile, {notHelpful} non).',
  'skill.describe.autoModeratorsOnly': 'seuls les modérateurs peuvent modifier la description automatique des images',
  'skill.describe.noImage':
    'il n’y a pas d’image à décrire : joignez-en une, ou utilisez Décrire l’image sur un message qui en contient une',
  'skill.describe.tooLarge': '{name} fait {size, number} Mio ; j’accepte les images jusqu’à {max, number} Mio',
  'skill.describe.cannotFetch': 'je ne peux pas récupérer {name} d’ici',
  'skill.describe.unsupportedFile':
    '{name} n’est pas une image que je sais lire : envoyez une image PNG, JPEG, GIF, WebP, AVIF ou TIFF',
  'skill.describe.damagedFile': '{name} n’a pas pu être décodé : le fichier est endommagé ou tronqué',
  'skill.describe.tooManyPixels': '{name} a trop de pixels pour que je puisse la regarder',
  'skill.describe.attachImage': 'joignez une image',
  'skill.describe.autoSet':
    '✅ Descriptions automatiques d’images : {mode, select, alt {les images publiées ici sans description reçoivent une courte description écrite par la machine} other {les images publiées ici ne sont pas décrites automatiquement ; /describe et l’action Décrire l’image fonctionnent toujours}}.',
  'skill.translate.autoModeratorsOnly': 'seuls les modérateurs peuvent modifier la traduction automatique',
  'skill.translate.emptyText': 'le texte est vide',
  'skill.translate.undetermined': 'je n’ai pas pu déterminer dans quelle langue c’est écrit : indiquez-la avec `from`',
  'skill.translate.languageCode': 'une langue est un code comme de, fr ou ja',
  'skill.translate.textNotString': 'text doit être une chaîne de caractères',
  'skill.translate.textTooLong': 'le texte dépasse {maximum} caractères',
  'skill.sentiment.textNotString': 'text doit être une chaîne de caractères',
  'skill.sentiment.textEmpty': 'le texte est vide',
  'skill.sentiment.textTooLong': 'le texte dépasse {maximum} caractères',
  'skill.classify.labelNotString': 'chaque étiquette doit être une chaîne de caractères',
  'skill.classify.labelEmpty': 'une étiquette est vide',
  'skill.classify.labelTooLong': 'une étiquette dépasse {maximum} caractères',
  'skill.classify.noLabels': 'donnez au moins une étiquette',
  'skill.classify.tooManyLabels': 'donnez au plus {maximum} étiquettes',
  'skill.classify.sameLabels': 'les étiquettes doivent être différentes',
  'skill.entities.noNames': 'Aucun nom trouvé dans :\n> {text}',
  'skill.models.none': 'Aucun modèle n’est configuré sur ce serveur.',
  'skill.summarize.headerThread': '**Résumé de ce fil** ({count, plural, one {# message} other {# messages}})',
  'skill.summarize.headerChannel':
    '**Résumé {count, plural, one {du dernier message} other {des # derniers messages}} de ce salon**',
  'skill.summarize.headerText': '{parts, plural, one {**Résumé**} other {**Résumé** (lu en # parties)}}',
  'skill.ask.sources': '**Sources**',
  'skill.ask.helpful': '👍 Utile',
  'skill.ask.notHelpful': '👎 Pas utile',
  'skill.describe.header': '🖼️ **Description de l’image** (rédigée par une machine) · {name} · {size}',
  'skill.describe.noCaption': '(pas de légende)',
  'skill.describe.looksLike': '**Ressemble à :** {labels, select, none {rien que je connaisse} other {{labels}}}',
  'skill.describe.objects': '**Objets :** {objects, select, none {aucun trouvé} other {{objects}}}',
  'skill.describe.boxesAlt':
    'Cadres tracés par le bot (rédigé par une machine) : {objects, select, none {aucun objet trouvé} other {{objects}}}',
  'skill.imagine.caption': '🎨 « {prompt} » · graine {seed} · {size} · {steps, plural, one {# étape} other {# étapes}}',
  'skill.imagine.flaggedNote': '⚠️ Signalée par le contrôle de sécurité des images ({note})',
  'skill.imagine.infoPrompt': '**Prompt :** {prompt}',
  'skill.imagine.infoSettings': '**Graine :** {seed} · **Taille :** {size} · **Étapes :** {steps}',
  'skill.imagine.infoModel': '**Modèle :** {model} · **Licence :** {license}',
  'skill.imagine.infoDecoder': '**Décodeur :** {decoder} (TAESD) · **Licence :** {license}',
  'skill.imagine.infoOwnDecoder': '**Décodeur :** le VAE du modèle',
  'skill.imagine.infoSafetyFlagged': '**Contrôle de sécurité :** {model} : signalée ({note})',
  'skill.imagine.infoSafetyPassed': '**Contrôle de sécurité :** {model} : réussi',
  'skill.imagine.reroll': '🎲 Relancer',
  'skill.imagine.infoButton': 'ℹ️ Infos',
  'skill.imagine.deleteButton': '🗑️ Supprimer',
  'skill.classify.header':
    '**Classé** ({multi, select, yes {chaque étiquette séparément} other {une seule distribution sur les étiquettes}})',
};
