import type { SkillCatalogue } from './en.js';
/** The skills' own refusals and notices in Spanish; command syntax (value:…, do:…, steps) stays as typed. */
export const skillsEs: SkillCatalogue = {
  'skill.imagine.licenseNotAccepted':
    'la generación de imágenes está desactivada: el modelo {repo} tiene la licencia {license} ({card}), que el operador de este servidor no ha aceptado (IMAGINE_ACCEPT_LICENSES={license} después de leerla)',
  'skill.imagine.blockedTerm': 'esa descripción usa un término bloqueado en este servidor («{term}»)',
  'skill.imagine.cancelledByModerator': 'un moderador canceló esta imagen',
  'skill.imagine.cancelled': 'cancelado',
  'skill.imagine.flagged':
    'el control de seguridad marcó esta imagen ({label} {score}), y aquí no se publican imágenes marcadas: prueba con otra descripción u otra semilla',
  'skill.imagine.noSafetyCheck': 'no hay ningún control de seguridad de imágenes configurado en este servidor',
  'skill.imagine.flaggedModeratorsOnly': 'solo los moderadores pueden cambiar lo que pasa con las imágenes marcadas',
  'skill.imagine.allowAgeRestrictedOnly':
    '«allow» es solo para canales con restricción de edad; aquí elige refuse o spoiler',
  'skill.imagine.noPrompt': 'describe la imagen',
  'skill.imagine.stepsTurbo': 'steps debe estar entre {min, number} y {max, number} para este modelo',
  'skill.imagine.cancelNotOwner': 'Solo la persona que pidió esta imagen o un moderador puede cancelarla.',
  'skill.imagine.cancelGone': 'Esa imagen ya está terminada o cancelada.',
  'skill.imagine.tooOldForButtons': 'esa imagen es demasiado antigua para sus botones: ejecuta /imagine de nuevo',
  'skill.imagine.cannotDelete': 'el bot no puede borrar sus mensajes aquí',
  'skill.imagine.deleteNotOwner': 'solo la persona que pidió esta imagen o un moderador puede borrarla',
  'skill.imagine.dailyQuota':
    'Ya has creado {quota, plural, one {# imagen} other {# imágenes}} hoy; la cuota se reinicia a las 00:00 UTC (dentro de {wait}).',
  'skill.imagine.onTheWay':
    'Ya tienes {count, plural, one {una imagen} other {# imágenes}} en camino ({position, select, 0 {en curso} other {n.º {position} en la cola}}); inténtalo de nuevo cuando {count, plural, one {esté lista} other {una esté lista}} (dentro de unos {wait}).',
  'skill.imagine.promptTooLong': 'la descripción tiene más de {maximum} caracteres',
  'skill.imagine.seedRange': 'seed debe estar entre 0 y 4294967295',
  'skill.imagine.wholePixels': 'el ancho y el alto son números enteros de píxeles',
  'skill.imagine.queued': '⏳ Eres el n.º {position} en la cola (unos {wait})',
  'skill.imagine.drawing': '🎨 Dibujando «{prompt}»…',
  'skill.imagine.cancelButton': 'Cancelar',
  'skill.imagine.cancelledNotice': 'Cancelado.',
  'skill.imagine.deleted': 'Borrado.',
  'skill.imagine.flaggedSet':
    'Hecho: {policy, select, refuse {las imágenes que marca el clasificador de seguridad no se publican aquí; a quien las pidió se le explica el motivo} spoiler {las imágenes que marca el clasificador de seguridad se publican aquí tras un spoiler} other {las imágenes que marca el clasificador de seguridad se publican aquí tal cual (este canal tiene restricción de edad)}}.',
  'skill.transcribe.autoModeratorsOnly': 'solo los moderadores pueden cambiar la transcripción automática',
  'skill.transcribe.noAudio':
    'no hay ninguna nota de voz ni archivo de audio que transcribir: adjunta uno o usa Transcribir en un mensaje que lo tenga',
  'skill.transcribe.cannotFetch': 'no puedo obtener {name} desde aquí',
  'skill.transcribe.noTranslator': 'la traducción a otros idiomas no está configurada',
  'skill.transcribe.tooLong': '{name} dura {length}; transcribo hasta {max}',
  'skill.transcribe.tooLarge': '{name} ocupa {size, number} MiB; acepto archivos de hasta {max, number} MiB',
  'skill.transcribe.transcriptGone': 'esa transcripción ya no está guardada: transcribe el audio de nuevo',
  'skill.transcribe.unsupportedFile':
    '{name} no es un audio que pueda transcribir: envía audio Ogg/Opus, WebM, M4A/AAC, MP3, WAV o FLAC',
  'skill.transcribe.damagedFile': 'no se pudo decodificar {name}: el archivo está dañado o incompleto',
  'skill.transcribe.tooLongDecoded': '{name} dura más de {max}, lo máximo que transcribo',
  'skill.transcribe.attachAudio': 'adjunta un archivo de audio',
  'skill.transcribe.languageCode': 'language debe ser un código como en, de o ja (o auto)',
  'skill.transcribe.translateCode': 'translate debe ser un código de idioma como fr o en',
  'skill.transcribe.noSpeech': '🔇 No oí ninguna voz en **{name}** ({length}).',
  'skill.transcribe.autoSet':
    '✅ Transcripción automática: {mode, select, voice {las notas de voz y los clips de audio se transcriben aquí automáticamente; los demás archivos de audio, a petición} all {cada nota de voz y archivo de audio publicado aquí se transcribe automáticamente} other {aquí no se transcribe nada automáticamente; /transcribe y la acción Transcribir siguen funcionando}}.',
  'skill.transcribe.summaryHeader': '**Resumen de la transcripción**',
  'skill.transcribe.transcriptHeader': '**Transcripción** · {language}',
  'skill.transcribe.translationHeader': '**Traducción: {into}** (original: {language})',
  'skill.transcribe.transcribedBefore': 'ya transcrito',
  'skill.transcribe.cutWindows':
    '⚠️ {count, plural, one {# parte superaba} other {# partes superaban}} la longitud que procesa el modelo: puede faltar el final.',
  'skill.transcribe.summarize': 'Resumir',
  'skill.transcribe.moreInFiles':
    '… *({count, number} caracteres más: la transcripción completa, con marcas de tiempo, está en los archivos adjuntos)*',
  'skill.summarize.noText': 'indica el texto que quieres resumir',
  'skill.summarize.noHistory': 'aquí no puedo leer conversaciones: envía el texto que quieres resumir',
  'skill.summarize.noThread':
    'aquí no hay ningún hilo: úsalo dentro de un hilo (o «Resumir hilo» en un mensaje de uno), o elige channel',
  'skill.summarize.nothing':
    'Todavía no hay mensajes que resumir en {where, select, thread {este hilo} other {este canal}}.',
  'skill.summarize.textTooLong': 'el texto tiene más de {maximum} caracteres',
  'skill.moderation.roleGateSyntax':
    'role-gate recibe un comando y los roles que pueden usarlo, p. ej. value:"imagine @Artists" (una mención o id de rol), o value:"imagine off" para abrirlo de nuevo a todos',
  'skill.moderation.roleIsUserOrChannel':
    '{token} es un usuario o un canal, no un rol: role-gate recibe un comando y los roles que pueden usarlo, p. ej. value:"imagine @Artists" (una mención o id de rol), o value:"imagine off" para abrirlo de nuevo a todos',
  'skill.moderation.notRole':
    '«{token}» no es una mención ni un id de rol: role-gate recibe un comando y los roles que pueden usarlo, p. ej. value:"imagine @Artists" (una mención o id de rol), o value:"imagine off" para abrirlo de nuevo a todos',
  'skill.moderation.gateUnknownCommand':
    'no existe ningún comando llamado «{command}»; estos se pueden restringir: {known}',
  'skill.moderation.neverGated': '/{command} sigue abierto a todos y no se puede restringir',
  'skill.moderation.slackNoRoles': 'Slack no tiene roles, así que allí los comandos no se pueden restringir por rol',
  'skill.moderation.notDuration': '«{text}» no es una duración: escribe un número y m, h o d (10m, 2h, 1d)',
  'skill.moderation.timeoutTooShort': 'un aislamiento de «{text}» no es un aislamiento: indica al menos 1m',
  'skill.moderation.timeoutTooLong': 'un aislamiento de «{text}» supera el máximo de Discord de 28 días (28d)',
  'skill.moderation.durationNotTimeout': '«{text}»: solo los aislamientos llevan duración',
  'skill.moderation.notStep': '«{text}» no es un paso de la escala: usa warn, timeout, timeout:10m, kick o ban',
  'skill.moderation.ladderSyntax':
    'una escala son entradas «puntos paso» separadas por comas, p. ej. "3 timeout:10m, 5 timeout:1d, 8 kick" (pasos: warn, timeout, timeout:\'<n>\'m|h|d, kick, ban), o "default", o "off"',
  'skill.moderation.ladderEntry':
    '«{entry}»: una escala son entradas «puntos paso» separadas por comas, p. ej. "3 timeout:10m, 5 timeout:1d, 8 kick" (pasos: warn, timeout, timeout:\'<n>\'m|h|d, kick, ban), o "default", o "off"',
  'skill.moderation.needsValue': '«{what}» necesita un valor',
  'skill.moderation.thresholdSyntax':
    'threshold recibe "etiqueta flag remove", puntuaciones entre 0 y 1 ("-" para ninguna)',
  'skill.moderation.actionSyntax': 'action recibe "flag|remove" y acciones de: {actions}',
  'skill.moderation.pointsTtlSyntax': 'points-ttl recibe un número de días de 1 a 3650, p. ej. value:30',
  'skill.moderation.moderatorMessagesSyntax':
    'moderator-messages recibe record (un caso, sin acción), ignore (sin caso) o act (como para cualquiera)',
  'skill.moderation.caseNumberSyntax': '{what} recibe un número de caso, p. ej. value:12',
  'skill.moderation.warnSyntax':
    'warn recibe un usuario (una mención o id) y después el motivo que leerá, p. ej. value:"<@123> envía enlaces de spam"',
  'skill.moderation.warnNotUser':
    'warn recibe un usuario (una mención o id) y después el motivo que leerá, p. ej. value:"<@123> envía enlaces de spam"; «{token}» no es un usuario',
  'skill.moderation.warnSelf': 'no puedes advertirte a ti mismo',
  'skill.moderation.warnModerator': '<@{user}> es moderador aquí, y a los moderadores no se les advierte',
  'skill.moderation.noCase': 'no existe el caso n.º {number}',
  'skill.moderation.moderatorsOnly': 'solo los moderadores pueden hacer eso',
  'skill.moderation.otherServer': 'ese caso pertenece a otro servidor',
  'skill.moderation.tunedUnavailable': 'el clasificador ajustado no está disponible en este servidor',
  'skill.moderation.tunedSyntax': 'tuned recibe train, shadow, live u off (o nada, para mostrarlo)',
  'skill.moderation.ruleTooLong': 'una regla tiene como máximo {max} caracteres',
  'skill.moderation.tooManyRules': 'una política tiene como máximo {max} reglas',
  'skill.moderation.noRule': 'no existe la regla {id}: do:rule las muestra',
  'skill.moderation.ruleThresholdSyntax': 'threshold recibe una puntuación entre 0 y 1, p. ej. "2 threshold 0.8"',
  'skill.moderation.ruleActionsSyntax': 'actions recibe acciones de: {actions}',
  'skill.moderation.ruleChangeSyntax':
    'una regla se cambia con "\'<n>\' threshold 0.8", "\'<n>\' actions …", "\'<n>\' live", "\'<n>\' dry-run" o "\'<n>\' remove"',
  'skill.moderation.previewSyntax': 'rule-preview recibe un número de regla: do:rule las muestra',
  'skill.moderation.previewNoRule': 'rule-preview recibe un número de regla: no existe la regla {id}',
  'skill.moderation.noNli': 'aquí no se pueden evaluar reglas: no hay ningún modelo NLI configurado',
  'skill.moderation.previewNoHistory': 'aquí no puedo leer los mensajes de este canal: prueba las reglas en el chat',
  'skill.moderation.noCaseToAppeal': 'no tienes ningún caso n.º {number} que apelar',
  'skill.moderation.dmFlagged':
    'Tu mensaje en <#{channel}> fue {verdict, select, remove {eliminado} other {marcado}} por la moderación del servidor (caso #{number}: {reasons}).',
  'skill.moderation.dmWarned': 'Un moderador te advirtió en <#{channel}> (caso #{number}): {text}',
  'skill.moderation.dmAppealHint': 'Si crees que es un error, puedes apelar y un moderador lo revisará.',
  'skill.moderation.appealButton': 'Apelar',
  'skill.moderation.dmPardoned':
    'Un moderador perdonó el caso #{number} (en <#{channel}>): sus puntos de advertencia ya no cuentan.',
  'skill.moderation.dmAppealDecided':
    'Tu apelación del caso #{number} fue {approved, select, yes {aceptada: el caso se anula y se retiran sus puntos} other {rechazada: el caso se mantiene}}.',
  'skill.moderation.reportHeader':
    '**Caso #{number}** · <@{user}> en <#{channel}> · **{verdict}**{dryRun, select, yes { (simulación)} other {}}',
  'skill.moderation.reportRule': 'Regla: {rule}',
  'skill.moderation.reportByModerator': 'acción de moderación de <@{user}>',
  'skill.moderation.reportModel': 'Modelo: {models}',
  'skill.moderation.reportLanguage': 'Idioma: {language}',
  'skill.moderation.reportState': 'Acciones: {actions} · Puntos: {points} · Estado: {status}',
  'skill.moderation.reportNone': 'ninguna',
  'skill.moderation.reportAppeal': 'Apelación: {text}',
  'skill.moderation.reportDecided': 'Decidido por <@{user}>',
  'skill.moderation.reportPardoned': 'Perdonado por <@{user}>: sus puntos ya no cuentan',
  'skill.moderation.approveAppeal': 'Aceptar apelación',
  'skill.moderation.denyAppeal': 'Rechazar apelación',
  'skill.moderation.hiddenImage':
    'Una imagen que publicó <@{user}>, ocultada tras un spoiler por la moderación (caso #{number}).',
  'skill.moderation.casesCount': '{count, plural, =0 {No hay casos.} one {# caso} other {# casos}}',
  'skill.moderation.casesPoints':
    '<@{user}> tiene {points, plural, one {# punto de advertencia vigente} other {# puntos de advertencia vigentes}}',
  'skill.moderation.policyHeader':
    'Moderación para {scope, select, server {este servidor} other {este canal}}: **{enabled, select, yes {activada} other {desactivada}}**{dryRun, select, yes { (simulación: solo casos, sin acciones)} other {}}',
  'skill.moderation.policyModels': 'Modelos: {models} · umbrales (marcar/eliminar): {thresholds}',
  'skill.moderation.policyActions': 'Al marcar: {flag} · al eliminar: {remove} · aislamiento: {timeout}',
  'skill.moderation.policyModChannel':
    'Canal de moderación: {channel} · roles exentos: {roles} · canales exentos: {channels}',
  'skill.moderation.policyReportPing': '{channel} (los informes mencionan a {roles})',
  'skill.moderation.policyNotSet': 'sin definir',
  'skill.moderation.policyPoints':
    'Puntos de advertencia: marcar {flag}, eliminar {remove}, advertencia manual {warn}; caducan tras {days, plural, one {# día} other {# días}}',
  'skill.moderation.policyLadder': 'Escalado: {ladder}',
  'skill.moderation.policyNone': 'ninguno',
  'skill.moderation.policyTimeoutFor': 'aislamiento de {duration}',
  'skill.moderation.duration':
    '{unit, select, day {{n, plural, one {# día} other {# días}}} hour {{n, plural, one {# hora} other {# horas}}} other {{n, plural, one {# minuto} other {# minutos}}}}',
  'skill.moderation.policyModeratorMessages':
    'Mensajes marcados de moderadores: {mode, select, record {un caso marcado «sin acción: moderador»} ignore {ignorados} other {tratados como los de cualquiera}}',
  'skill.moderation.policyGates': 'Restricciones por rol: {gates}',
  'skill.moderation.policyNoGates': 'ninguna (todos pueden usar todos los comandos)',
  'skill.moderation.warnedCase':
    'Caso #{number}: <@{user}> advertido ({points, plural, one {# punto} other {# puntos}}; {total, number} cuentan ahora). Acciones: {actions}',
  'skill.moderation.caseAlreadyDecided':
    'El caso #{number} ya está decidido ({status, select, upheld {confirmado} other {anulado}}).',
  'skill.moderation.appealDecidedBy':
    'Caso #{number}: apelación {approved, select, yes {aceptada} other {rechazada}} por <@{moderator}>.',
  'skill.moderation.caseAlreadyPardoned': '<@{moderator}> ya perdonó el caso #{number}.',
  'skill.moderation.casePardoned':
    'Caso #{number} perdonado: sus puntos ya no cuentan (a <@{user}> le cuentan ahora {total, number}).',
  'skill.moderation.alreadyDecided':
    'el caso n.º {number} ya está {status, select, appealed {apelado} upheld {confirmado} overturned {anulado} dismissed {descartado} other {{status}}}',
  'skill.moderation.appealTitle': 'Apelar el caso n.º {number}',
  'skill.moderation.appealQuestion': '¿Por qué debería un moderador revisarlo de nuevo?',
  'skill.moderation.appealSent':
    'Tu apelación del caso n.º {number} se envió a los moderadores. Recibirás la respuesta aquí.',
  'skill.kb.moderatorsOnly': 'solo los moderadores pueden cambiar la base de conocimiento',
  'skill.kb.noDocument': 'no existe el documento {document} en {collection}',
  'skill.kb.noCollection':
    'no existe la colección «{collection}» (/kb do:collections las muestra; /kb do:add crea una)',
  'skill.kb.importChatOnly': 'las conversaciones solo se pueden importar desde el chat',
  'skill.kb.importNoThread': 'ejecuta esto dentro de un hilo, o importa con from:channel',
  'skill.kb.importNothing': 'no hay mensajes con texto en {where, select, thread {este hilo} other {este canal}}',
  'skill.kb.collectionName': 'los nombres de colección tienen de 1 a 64 letras, dígitos, - o _',
  'skill.kb.documentEmpty': 'el documento está vacío',
  'skill.kb.noDocumentGiven': 'indica el documento como texto, archivo o URL',
  'skill.kb.reading': 'Leyendo {source, select, unnamed {el archivo} other {{source}}}…',
  'skill.kb.documentUnreadable':
    'no se pudo leer {source, select, unnamed {el documento} other {{source}}}: está vacío, dañado o no contiene texto',
  'skill.kb.documentTooLarge':
    '{source, select, unnamed {el documento} other {{source}}} es más grande de lo que admite la base de conocimiento',
  'skill.kb.documentUnsupported':
    '{source, select, unnamed {el documento} other {{source}}} no es un documento que pueda leer: envía un archivo PDF, HTML, Markdown o de texto',
  'skill.kb.documentRefused':
    '{source, select, unnamed {el documento} other {{source}}} no se puede obtener desde aquí: solo direcciones web públicas y los archivos de la propia plataforma',
  'skill.kb.documentUnavailable':
    'no se pudo obtener {source, select, unnamed {el documento} other {{source}}} ahora mismo: inténtalo más tarde',
  'skill.kb.documentNotFound':
    '{source, select, unnamed {el documento} other {{source}}} no está ahí: la dirección no tiene esa página ni ese archivo',
  'skill.ask.answerGone': 'esa respuesta ya no está guardada',
  'skill.ask.channelNotAllowed': 'este canal no puede consultar la colección «{collection}»',
  'skill.ask.noQuestion': 'haz una pregunta',
  'skill.ask.rated':
    'Gracias, anotado como {vote, select, helpful {útil} other {no útil}} ({helpful} lo encontraron útil, {notHelpful} no).',
  'skill.describe.autoModeratorsOnly': 'solo los moderadores pueden cambiar la descripción automática de imágenes',
  'skill.describe.noImage':
    'no hay ninguna imagen que describir: adjunta una o usa Describir imagen en un mensaje que la tenga',
  'skill.describe.tooLarge': '{name} ocupa {size, number} MiB; acepto imágenes de hasta {max, number} MiB',
  'skill.describe.cannotFetch': 'no puedo obtener {name} desde aquí',
  'skill.describe.unsupportedFile':
    '{name} no es una imagen que pueda leer: envía una imagen PNG, JPEG, GIF, WebP, AVIF o TIFF',
  'skill.describe.damagedFile': 'no se pudo decodificar {name}: el archivo está dañado o incompleto',
  'skill.describe.tooManyPixels': '{name} tiene demasiados píxeles para que pueda verla',
  'skill.describe.attachImage': 'adjunta una imagen',
  'skill.describe.autoSet':
    '✅ Descripciones automáticas de imágenes: {mode, select, alt {las imágenes publicadas aquí sin descripción reciben una breve descripción escrita por máquina} other {las imágenes publicadas aquí no se describen automáticamente; /describe y la acción Describir imagen siguen funcionando}}.',
  'skill.translate.autoModeratorsOnly': 'solo los moderadores pueden cambiar la traducción automática',
  'skill.translate.emptyText': 'el texto está vacío',
  'skill.translate.undetermined': 'no pude saber en qué idioma está escrito: indícalo con `from`',
  'skill.translate.languageCode': 'un idioma es un código como de, fr o ja',
  'skill.translate.textNotString': 'text debe ser una cadena de texto',
  'skill.translate.textTooLong': 'el texto tiene más de {maximum} caracteres',
  'skill.sentiment.textNotString': 'text debe ser una cadena de texto',
  'skill.sentiment.textEmpty': 'el texto está vacío',
  'skill.sentiment.textTooLong': 'el texto tiene más de {maximum} caracteres',
  'skill.classify.labelNotString': 'cada etiqueta debe ser una cadena de texto',
  'skill.classify.labelEmpty': 'hay una etiqueta vacía',
  'skill.classify.labelTooLong': 'una etiqueta tiene más de {maximum} caracteres',
  'skill.classify.noLabels': 'indica al menos una etiqueta',
  'skill.classify.tooManyLabels': 'indica como máximo {maximum} etiquetas',
  'skill.classify.sameLabels': 'las etiquetas deben ser distintas',
  'skill.entities.noNames': 'No se encontraron nombres en:\n> {text}',
  'skill.models.none': 'No hay modelos configurados en este servidor.',
  'skill.summarize.headerThread': '**Resumen de este hilo** ({count, plural, one {# mensaje} other {# mensajes}})',
  'skill.summarize.headerChannel':
    '**Resumen {count, plural, one {del último mensaje} other {de los últimos # mensajes}} de este canal**',
  'skill.summarize.headerText': '{parts, plural, one {**Resumen**} other {**Resumen** (leído en # partes)}}',
  'skill.ask.sources': '**Fuentes**',
  'skill.ask.helpful': '👍 Útil',
  'skill.ask.notHelpful': '👎 No es útil',
  'skill.describe.header': '🖼️ **Descripción de la imagen** (escrita por una máquina) · {name} · {size}',
  'skill.describe.noCaption': '(sin leyenda)',
  'skill.describe.looksLike': '**Parece:** {labels, select, none {nada que conozca} other {{labels}}}',
  'skill.describe.objects': '**Objetos:** {objects, select, none {ninguno encontrado} other {{objects}}}',
  'skill.describe.boxesAlt':
    'Recuadros dibujados por el bot (escrito por una máquina): {objects, select, none {no se encontraron objetos} other {{objects}}}',
  'skill.imagine.caption': '🎨 «{prompt}» · semilla {seed} · {size} · {steps, plural, one {# paso} other {# pasos}}',
  'skill.imagine.flaggedNote': '⚠️ Marcada por el control de seguridad de imágenes ({note})',
  'skill.imagine.infoPrompt': '**Prompt:** {prompt}',
  'skill.imagine.infoSettings': '**Semilla:** {seed} · **Tamaño:** {size} · **Pasos:** {steps}',
  'skill.imagine.infoModel': '**Modelo:** {model} · **Licencia:** {license}',
  'skill.imagine.infoDecoder': '**Decodificador:** {decoder} (TAESD) · **Licencia:** {license}',
  'skill.imagine.infoOwnDecoder': '**Decodificador:** el VAE del modelo',
  'skill.imagine.infoSafetyFlagged': '**Control de seguridad:** {model}: marcada ({note})',
  'skill.imagine.infoSafetyPassed': '**Control de seguridad:** {model}: superado',
  'skill.imagine.reroll': '🎲 Repetir',
  'skill.imagine.infoButton': 'ℹ️ Info',
  'skill.imagine.deleteButton': '🗑️ Eliminar',
  'skill.classify.header':
    '**Clasificado** ({multi, select, yes {cada etiqueta por separado} other {una distribución sobre las etiquetas}})',
};
