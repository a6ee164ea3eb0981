import type { SkillCatalogue } from './en.js';
/** The skills' own refusals and notices in Brazilian Portuguese; command syntax (value:…, do:…, steps) stays as typed. */
export const skillsPtBR: SkillCatalogue = {
  'skill.imagine.licenseNotAccepted':
    'a geração de imagens está desativada: o modelo {repo} está sob a licença {license} ({card}), que o operador deste servidor não aceitou (IMAGINE_ACCEPT_LICENSES={license} depois de lê-la)',
  'skill.imagine.blockedTerm': 'essa descrição usa um termo bloqueado neste servidor ("{term}")',
  'skill.imagine.cancelledByModerator': 'um moderador cancelou esta imagem',
  'skill.imagine.cancelled': 'cancelado',
  'skill.imagine.flagged':
    'a verificação de segurança sinalizou esta imagem ({label} {score}), e imagens sinalizadas não são publicadas aqui: tente outra descrição ou outra semente',
  'skill.imagine.noSafetyCheck': 'nenhuma verificação de segurança de imagens está configurada neste servidor',
  'skill.imagine.flaggedModeratorsOnly': 'só moderadores podem mudar o que acontece com imagens sinalizadas',
  'skill.imagine.allowAgeRestrictedOnly':
    '"allow" é só para canais com restrição de idade; aqui escolha refuse ou spoiler',
  'skill.imagine.noPrompt': 'descreva a imagem',
  'skill.imagine.stepsTurbo': 'steps deve ser de {min, number} a {max, number} para este modelo',
  'skill.imagine.cancelNotOwner': 'Só a pessoa que pediu esta imagem ou um moderador pode cancelá-la.',
  'skill.imagine.cancelGone': 'Essa imagem já foi concluída ou cancelada.',
  'skill.imagine.tooOldForButtons': 'essa imagem é antiga demais para os botões dela: execute /imagine de novo',
  'skill.imagine.cannotDelete': 'o bot não pode apagar as mensagens dele aqui',
  'skill.imagine.deleteNotOwner': 'só a pessoa que pediu esta imagem ou um moderador pode apagá-la',
  'skill.imagine.dailyQuota':
    'Você já criou {quota, plural, one {# imagem} other {# imagens}} hoje; a cota é reiniciada às 00:00 UTC (em {wait}).',
  'skill.imagine.onTheWay':
    'Você já tem {count, plural, one {uma imagem} other {# imagens}} a caminho ({position, select, 0 {em andamento} other {nº {position} na fila}}); tente de novo quando {count, plural, one {ela estiver pronta} other {uma delas estiver pronta}} (em cerca de {wait}).',
  'skill.imagine.promptTooLong': 'a descrição tem mais de {maximum} caracteres',
  'skill.imagine.seedRange': 'seed deve ser de 0 a 4294967295',
  'skill.imagine.wholePixels': 'largura e altura são números inteiros de pixels',
  'skill.imagine.queued': '⏳ Você é o nº {position} na fila (cerca de {wait})',
  'skill.imagine.drawing': '🎨 Desenhando "{prompt}"…',
  'skill.imagine.cancelButton': 'Cancelar',
  'skill.imagine.cancelledNotice': 'Cancelado.',
  'skill.imagine.deleted': 'Apagado.',
  'skill.imagine.flaggedSet':
    'Feito: {policy, select, refuse {imagens sinalizadas pelo classificador de segurança não são publicadas aqui; quem pediu fica sabendo o motivo} spoiler {imagens sinalizadas pelo classificador de segurança são publicadas aqui atrás de um spoiler} other {imagens sinalizadas pelo classificador de segurança são publicadas aqui como estão (este canal tem restrição de idade)}}.',
  'skill.transcribe.autoModeratorsOnly': 'só moderadores podem mudar a transcrição automática',
  'skill.transcribe.noAudio':
    'não há mensagem de voz nem arquivo de áudio para transcrever: anexe um, ou use Transcrever em uma mensagem que tenha um',
  'skill.transcribe.cannotFetch': 'não consigo buscar {name} daqui',
  'skill.transcribe.noTranslator': 'a tradução para outros idiomas não está configurada',
  'skill.transcribe.tooLong': '{name} tem {length} de duração; eu transcrevo até {max}',
  'skill.transcribe.tooLarge': '{name} tem {size, number} MiB; aceito arquivos de até {max, number} MiB',
  'skill.transcribe.transcriptGone': 'essa transcrição não está mais armazenada: transcreva o áudio de novo',
  'skill.transcribe.unsupportedFile':
    '{name} não é um áudio que eu consiga transcrever: envie áudio Ogg/Opus, WebM, M4A/AAC, MP3, WAV ou FLAC',
  'skill.transcribe.damagedFile': 'não foi possível decodificar {name}: o arquivo está danificado ou incompleto',
  'skill.transcribe.tooLongDecoded': '{name} tem mais de {max}, o máximo que eu transcrevo',
  'skill.transcribe.attachAudio': 'anexe um arquivo de áudio',
  'skill.transcribe.languageCode': 'language deve ser um código como en, de ou ja (ou auto)',
  'skill.transcribe.translateCode': 'translate deve ser um código de idioma como fr ou en',
  'skill.transcribe.noSpeech': '🔇 Não ouvi nenhuma fala em **{name}** ({length}).',
  'skill.transcribe.autoSet':
    '✅ Transcrição automática: {mode, select, voice {mensagens de voz e clipes de áudio são transcritos automaticamente aqui; outros arquivos de áudio, quando pedidos} all {toda mensagem de voz e arquivo de áudio publicado aqui é transcrito automaticamente} other {nada é transcrito automaticamente aqui; /transcribe e a ação Transcrever continuam funcionando}}.',
  'skill.transcribe.summaryHeader': '**Resumo da transcrição**',
  'skill.transcribe.transcriptHeader': '**Transcrição** · {language}',
  'skill.transcribe.translationHeader': '**Tradução: {into}** (original: {language})',
  'skill.transcribe.transcribedBefore': 'já transcrito',
  'skill.transcribe.cutWindows':
    '⚠️ {count, plural, one {# parte passava} other {# partes passavam}} do comprimento que o modelo processa: o final pode faltar.',
  'skill.transcribe.summarize': 'Resumir',
  'skill.transcribe.moreInFiles':
    '… *(mais {count, number} caracteres: a transcrição completa, com marcas de tempo, está nos arquivos anexados)*',
  'skill.summarize.noText': 'informe o texto a resumir',
  'skill.summarize.noHistory': 'não consigo ler conversas aqui: envie o texto a resumir',
  'skill.summarize.noThread':
    'não há conversa aqui: use dentro de uma conversa (ou "Resumir conversa" em uma mensagem dela), ou escolha channel',
  'skill.summarize.nothing':
    'Ainda não há mensagens para resumir {where, select, thread {nesta conversa} other {neste canal}}.',
  'skill.summarize.textTooLong': 'o texto tem mais de {maximum} caracteres',
  'skill.moderation.roleGateSyntax':
    'role-gate recebe um comando e os cargos que podem usá-lo, por ex. value:"imagine @Artists" (uma menção ou id de cargo), ou value:"imagine off" para abri-lo a todos de novo',
  'skill.moderation.roleIsUserOrChannel':
    '{token} é um usuário ou canal, não um cargo: role-gate recebe um comando e os cargos que podem usá-lo, por ex. value:"imagine @Artists" (uma menção ou id de cargo), ou value:"imagine off" para abri-lo a todos de novo',
  'skill.moderation.notRole':
    '"{token}" não é uma menção nem um id de cargo: role-gate recebe um comando e os cargos que podem usá-lo, por ex. value:"imagine @Artists" (uma menção ou id de cargo), ou value:"imagine off" para abri-lo a todos de novo',
  'skill.moderation.gateUnknownCommand':
    'não existe um comando chamado "{command}"; estes podem ser restritos: {known}',
  'skill.moderation.neverGated': '/{command} fica aberto a todos e não pode ser restrito',
  'skill.moderation.slackNoRoles': 'o Slack não tem cargos, então os comandos lá não podem ser restritos por cargo',
  'skill.moderation.notDuration': '"{text}" não é uma duração: escreva um número e m, h ou d (10m, 2h, 1d)',
  'skill.moderation.timeoutTooShort': 'um castigo de "{text}" não é um castigo: informe pelo menos 1m',
  'skill.moderation.timeoutTooLong': 'um castigo de "{text}" é maior que o máximo do Discord, 28 dias (28d)',
  'skill.moderation.durationNotTimeout': '"{text}": só castigos (timeout) têm duração',
  'skill.moderation.notStep': '"{text}" não é um passo da escala: use warn, timeout, timeout:10m, kick ou ban',
  'skill.moderation.ladderSyntax':
    'uma escala são entradas "pontos passo" separadas por vírgulas, por ex. "3 timeout:10m, 5 timeout:1d, 8 kick" (passos: warn, timeout, timeout:\'<n>\'m|h|d, kick, ban), ou "default", ou "off"',
  'skill.moderation.ladderEntry':
    '"{entry}": uma escala são entradas "pontos passo" separadas por vírgulas, por ex. "3 timeout:10m, 5 timeout:1d, 8 kick" (passos: warn, timeout, timeout:\'<n>\'m|h|d, kick, ban), ou "default", ou "off"',
  'skill.moderation.needsValue': '"{what}" precisa de um valor',
  'skill.moderation.thresholdSyntax':
    'threshold recebe "rótulo flag remove", pontuações entre 0 e 1 ("-" para nenhuma)',
  'skill.moderation.actionSyntax': 'action recebe "flag|remove" e ações de: {actions}',
  'skill.moderation.pointsTtlSyntax': 'points-ttl recebe um número de dias de 1 a 3650, por ex. value:30',
  'skill.moderation.moderatorMessagesSyntax':
    'moderator-messages recebe record (um caso, sem ação), ignore (sem caso) ou act (como para qualquer pessoa)',
  'skill.moderation.caseNumberSyntax': '{what} recebe um número de caso, por ex. value:12',
  'skill.moderation.warnSyntax':
    'warn recebe um usuário (uma menção ou id) e depois o motivo que ele vai ler, por ex. value:"<@123> enviando links de spam"',
  'skill.moderation.warnNotUser':
    'warn recebe um usuário (uma menção ou id) e depois o motivo que ele vai ler, por ex. value:"<@123> enviando links de spam"; "{token}" não é um usuário',
  'skill.moderation.warnSelf': 'você não pode advertir a si mesmo',
  'skill.moderation.warnModerator': '<@{user}> é moderador aqui, e moderadores não recebem advertências',
  'skill.moderation.noCase': 'não existe o caso nº {number}',
  'skill.moderation.moderatorsOnly': 'só moderadores podem fazer isso',
  'skill.moderation.otherServer': 'esse caso pertence a outro servidor',
  'skill.moderation.tunedUnavailable': 'o classificador ajustado não está disponível neste servidor',
  'skill.moderation.tunedSyntax': 'tuned recebe train, shadow, live ou off (ou nada, para mostrar)',
  'skill.moderation.ruleTooLong': 'uma regra tem no máximo {max} caracteres',
  'skill.moderation.tooManyRules': 'uma política tem no máximo {max} regras',
  'skill.moderation.noRule': 'não existe a regra {id}: do:rule lista as regras',
  'skill.moderation.ruleThresholdSyntax': 'threshold recebe uma pontuação entre 0 e 1, por ex. "2 threshold 0.8"',
  'skill.moderation.ruleActionsSyntax': 'actions recebe ações de: {actions}',
  'skill.moderation.ruleChangeSyntax':
    'uma regra muda com "\'<n>\' threshold 0.8", "\'<n>\' actions …", "\'<n>\' live", "\'<n>\' dry-run" ou "\'<n>\' remove"',
  'skill.moderation.previewSyntax': 'rule-preview recebe um número de regra: do:rule lista as regras',
  'skill.moderation.previewNoRule': 'rule-preview recebe um número de regra: não existe a regra {id}',
  'skill.moderation.noNli': 'as regras não podem ser avaliadas aqui: nenhum modelo NLI está configurado',
  'skill.moderation.previewNoHistory': 'não consigo ler as mensagens deste canal aqui: teste as regras no chat',
  'skill.moderation.noCaseToAppeal': 'você não tem um caso nº {number} para recorrer',
  'skill.moderation.dmFlagged':
    'Sua mensagem em <#{channel}> foi {verdict, select, remove {removida} other {sinalizada}} pela moderação do servidor (caso #{number}: {reasons}).',
  'skill.moderation.dmWarned': 'Um moderador advertiu você em <#{channel}> (caso #{number}): {text}',
  'skill.moderation.dmAppealHint': 'Se você acha que foi um engano, pode recorrer e um moderador vai analisar.',
  'skill.moderation.appealButton': 'Recorrer',
  'skill.moderation.dmPardoned':
    'Um moderador perdoou o caso #{number} (em <#{channel}>): os pontos de advertência dele não contam mais.',
  'skill.moderation.dmAppealDecided':
    'Seu recurso do caso #{number} foi {approved, select, yes {aceito: o caso foi anulado e os pontos removidos} other {negado: o caso continua valendo}}.',
  'skill.moderation.reportHeader':
    '**Caso #{number}** · <@{user}> em <#{channel}> · **{verdict}**{dryRun, select, yes { (simulação)} other {}}',
  'skill.moderation.reportRule': 'Regra: {rule}',
  'skill.moderation.reportByModerator': 'ação de moderação de <@{user}>',
  'skill.moderation.reportModel': 'Modelo: {models}',
  'skill.moderation.reportLanguage': 'Idioma: {language}',
  'skill.moderation.reportState': 'Ações: {actions} · Pontos: {points} · Status: {status}',
  'skill.moderation.reportNone': 'nenhuma',
  'skill.moderation.reportAppeal': 'Recurso: {text}',
  'skill.moderation.reportDecided': 'Decidido por <@{user}>',
  'skill.moderation.reportPardoned': 'Perdoado por <@{user}>: seus pontos não contam mais',
  'skill.moderation.approveAppeal': 'Aceitar recurso',
  'skill.moderation.denyAppeal': 'Negar recurso',
  'skill.moderation.hiddenImage':
    'Uma imagem que <@{user}> postou, escondida atrás de um spoiler pela moderação (caso #{number}).',
  'skill.moderation.casesCount': '{count, plural, =0 {Nenhum caso.} one {# caso} other {# casos}}',
  'skill.moderation.casesPoints':
    '<@{user}> tem {points, plural, one {# ponto de advertência valendo} other {# pontos de advertência valendo}} agora',
  'skill.moderation.policyHeader':
    'Moderação para {scope, select, server {este servidor} other {este canal}}: **{enabled, select, yes {ligada} other {desligada}}**{dryRun, select, yes { (simulação: só casos, sem ações)} other {}}',
  'skill.moderation.policyModels': 'Modelos: {models} · limites (marcar/remover): {thresholds}',
  'skill.moderation.policyActions': 'Ao marcar: {flag} · ao remover: {remove} · castigo: {timeout}',
  'skill.moderation.policyModChannel':
    'Canal de moderação: {channel} · cargos isentos: {roles} · canais isentos: {channels}',
  'skill.moderation.policyReportPing': '{channel} (relatórios mencionam {roles})',
  'skill.moderation.policyNotSet': 'não definido',
  'skill.moderation.policyPoints':
    'Pontos de advertência: marcar {flag}, remover {remove}, advertência manual {warn}; expiram após {days, plural, one {# dia} other {# dias}}',
  'skill.moderation.policyLadder': 'Escalada: {ladder}',
  'skill.moderation.policyNone': 'nenhuma',
  'skill.moderation.policyTimeoutFor': 'castigo de {duration}',
  'skill.moderation.duration':
    '{unit, select, day {{n, plural, one {# dia} other {# dias}}} hour {{n, plural, one {# hora} other {# horas}}} other {{n, plural, one {# minuto} other {# minutos}}}}',
  'skill.moderation.policyModeratorMessages':
    'Mensagens marcadas de moderadores: {mode, select, record {um caso marcado “sem ação: moderador”} ignore {ignoradas} other {tratadas como as de qualquer um}}',
  'skill.moderation.policyGates': 'Restrições por cargo: {gates}',
  'skill.moderation.policyNoGates': 'nenhuma (todos podem usar todos os comandos)',
  'skill.moderation.warnedCase':
    'Caso #{number}: <@{user}> advertido ({points, plural, one {# ponto} other {# pontos}}; {total, number} contando agora). Ações: {actions}',
  'skill.moderation.caseAlreadyDecided':
    'O caso #{number} já foi decidido ({status, select, upheld {mantido} other {anulado}}).',
  'skill.moderation.appealDecidedBy':
    'Caso #{number}: recurso {approved, select, yes {aceito} other {negado}} por <@{moderator}>.',
  'skill.moderation.caseAlreadyPardoned': 'O caso #{number} já foi perdoado por <@{moderator}>.',
  'skill.moderation.casePardoned':
    'Caso #{number} perdoado: os pontos dele não contam mais (<@{user}> tem {total, number} contando agora).',
  'skill.moderation.alreadyDecided':
    'o caso nº {number} já está {status, select, appealed {em recurso} upheld {mantido} overturned {revogado} dismissed {arquivado} other {{status}}}',
  'skill.moderation.appealTitle': 'Recorrer do caso nº {number}',
  'skill.moderation.appealQuestion': 'Por que um moderador deveria olhar de novo?',
  'skill.moderation.appealSent':
    'Seu recurso do caso nº {number} foi enviado aos moderadores. Você terá a resposta aqui.',
  'skill.kb.moderatorsOnly': 'só moderadores podem mudar a base de conhecimento',
  'skill.kb.noDocument': 'não existe o documento {document} em {collection}',
  'skill.kb.noCollection':
    'não existe a coleção "{collection}" (/kb do:collections lista as coleções; /kb do:add cria uma)',
  'skill.kb.importChatOnly': 'conversas só podem ser importadas do chat',
  'skill.kb.importNoThread': 'execute isto dentro de uma conversa, ou importe com from:channel',
  'skill.kb.importNothing': 'não há mensagens com texto {where, select, thread {nesta conversa} other {neste canal}}',
  'skill.kb.collectionName': 'nomes de coleção têm de 1 a 64 letras, dígitos, - ou _',
  'skill.kb.documentEmpty': 'o documento está vazio',
  'skill.kb.noDocumentGiven': 'informe o documento como texto, arquivo ou URL',
  'skill.kb.reading': 'Lendo {source, select, unnamed {o arquivo} other {{source}}}…',
  'skill.kb.documentUnreadable':
    'não foi possível ler {source, select, unnamed {o documento} other {{source}}}: está vazio, danificado ou não contém texto',
  'skill.kb.documentTooLarge':
    '{source, select, unnamed {o documento} other {{source}}} é maior do que a base de conhecimento aceita',
  'skill.kb.documentUnsupported':
    '{source, select, unnamed {o documento} other {{source}}} não é um documento que eu consiga ler: envie um arquivo PDF, HTML, Markdown ou de texto',
  'skill.kb.documentRefused':
    '{source, select, unnamed {o documento} other {{source}}} não pode ser obtido daqui: só endereços web públicos e os arquivos da própria plataforma',
  'skill.kb.documentUnavailable':
    'não foi possível obter {source, select, unnamed {o documento} other {{source}}} agora: tente mais tarde',
  'skill.kb.documentNotFound':
    '{source, select, unnamed {o documento} other {{source}}} não está lá: o endereço não tem essa página nem esse arquivo',
  'skill.ask.answerGone': 'essa resposta não está mais armazenada',
  'skill.ask.channelNotAllowed': 'este canal não pode consultar a coleção "{collection}"',
  'skill.ask.noQuestion': 'faça uma pergunta',
  'skill.ask.rated':
    'Obrigado, registrado como {vote, select, helpful {útil} other {não útil}} ({helpful} acharam útil, {notHelpful} não).',
  'skill.describe.autoModeratorsOnly': 'só moderadores podem mudar a descrição automática de imagens',
  'skill.describe.noImage':
    'não há imagem para descrever: anexe uma, ou use Descrever imagem em uma mensagem que tenha uma',
  'skill.describe.tooLarge': '{name} tem {size, number} MiB; aceito imagens de até {max, number} MiB',
  'skill.describe.cannotFetch': 'não consigo buscar {name} daqui',
  'skill.describe.unsupportedFile':
    '{name} não é uma imagem que eu consiga ler: envie uma imagem PNG, JPEG, GIF, WebP, AVIF ou TIFF',
  'skill.describe.damagedFile': 'não foi possível decodificar {name}: o arquivo está danificado ou incompleto',
  'skill.describe.tooManyPixels': '{name} tem pixels demais para eu analisar',
  'skill.describe.attachImage': 'anexe uma imagem',
  'skill.describe.autoSet':
    '✅ Descrições automáticas de imagens: {mode, select, alt {imagens publicadas aqui sem descrição recebem uma breve descrição escrita por máquina} other {imagens publicadas aqui não são descritas automaticamente; /describe e a ação Descrever imagem continuam funcionando}}.',
  'skill.translate.autoModeratorsOnly': 'só moderadores podem mudar a tradução automática',
  'skill.translate.emptyText': 'o texto está vazio',
  'skill.translate.undetermined': 'não consegui identificar em que idioma isto está escrito: informe com `from`',
  'skill.translate.languageCode': 'um idioma é um código como de, fr ou ja',
  'skill.translate.textNotString': 'text deve ser uma string',
  'skill.translate.textTooLong': 'o texto tem mais de {maximum} caracteres',
  'skill.sentiment.textNotString': 'text deve ser uma string',
  'skill.sentiment.textEmpty': 'o texto está vazio',
  'skill.sentiment.textTooLong': 'o texto tem mais de {maximum} caracteres',
  'skill.classify.labelNotString': 'cada rótulo deve ser uma string',
  'skill.classify.labelEmpty': 'há um rótulo vazio',
  'skill.classify.labelTooLong': 'um rótulo tem mais de {maximum} caracteres',
  'skill.classify.noLabels': 'informe pelo menos um rótulo',
  'skill.classify.tooManyLabels': 'informe no máximo {maximum} rótulos',
  'skill.classify.sameLabels': 'os rótulos devem ser diferentes',
  'skill.entities.noNames': 'Nenhum nome encontrado em:\n> {text}',
  'skill.models.none': 'Nenhum modelo está configurado neste servidor.',
  'skill.summarize.headerThread': '**Resumo desta conversa** ({count, plural, one {# mensagem} other {# mensagens}})',
  'skill.summarize.headerChannel':
    '**Resumo {count, plural, one {da última mensagem} other {das últimas # mensagens}} deste canal**',
  'skill.summarize.headerText': '{parts, plural, one {**Resumo**} other {**Resumo** (lido em # partes)}}',
  'skill.ask.sources': '**Fontes**',
  'skill.ask.helpful': '👍 Útil',
  'skill.ask.notHelpful': '👎 Não ajudou',
  'skill.describe.header': '🖼️ **Descrição da imagem** (escrita por máquina) · {name} · {size}',
  'skill.describe.noCaption': '(sem legenda)',
  'skill.describe.looksLike': '**Parece:** {labels, select, none {nada que eu conheça} other {{labels}}}',
  'skill.describe.objects': '**Objetos:** {objects, select, none {nenhum encontrado} other {{objects}}}',
  'skill.describe.boxesAlt':
    'Caixas desenhadas pelo bot (escrito por máquina): {objects, select, none {nenhum objeto encontrado} other {{objects}}}',
  'skill.imagine.caption': '🎨 “{prompt}” · semente {seed} · {size} · {steps, plural, one {# passo} other {# passos}}',
  'skill.imagine.flaggedNote': '⚠️ Sinalizada pela verificação de segurança de imagens ({note})',
  'skill.imagine.infoPrompt': '**Prompt:** {prompt}',
  'skill.imagine.infoSettings': '**Semente:** {seed} · **Tamanho:** {size} · **Passos:** {steps}',
  'skill.imagine.infoModel': '**Modelo:** {model} · **Licença:** {license}',
  'skill.imagine.infoDecoder': '**Decodificador:** {decoder} (TAESD) · **Licença:** {license}',
  'skill.imagine.infoOwnDecoder': '**Decodificador:** o VAE do modelo',
  'skill.imagine.infoSafetyFlagged': '**Verificação de segurança:** {model}: marcada ({note})',
  'skill.imagine.infoSafetyPassed': '**Verificação de segurança:** {model}: aprovada',
  'skill.imagine.reroll': '🎲 Gerar de novo',
  'skill.imagine.infoButton': 'ℹ️ Info',
  'skill.imagine.deleteButton': '🗑️ Excluir',
  'skill.classify.header':
    '**Classificado** ({multi, select, yes {cada rótulo separadamente} other {uma distribuição entre os rótulos}})',
};
