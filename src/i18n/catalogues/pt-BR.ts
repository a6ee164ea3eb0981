import type { Catalogue } from './en.js';

export const ptBR: Catalogue = {
  'reply.failure': 'Desculpe, não consegui fazer isso: {reason} (id do erro: {errorId})',
  'reply.reason': 'Desculpe, {reason}.',
  'reply.restarting': 'Estou reiniciando agora; tente de novo em um minuto.',
  'reply.cutOff': 'Desculpe, precisei reiniciar antes de terminar. Tente de novo em um minuto.',
  'reason.noMentions':
    'responder perguntas ainda não está configurado neste servidor. Use /help para ver o que eu sei fazer',
  'reason.noVoiceNotes': 'a transcrição não está configurada neste servidor',
  'reason.noMessageAction': 'não existe uma ação de mensagem chamada "{name}"',
  'error.noCommand': 'não existe um comando chamado "{name}"',
  'error.forbiddenRole': 'você não tem um cargo que possa usar /{command} aqui',
  'error.quotaUser':
    'você usou {limit, plural, one {a # solicitação permitida} other {as # solicitações permitidas}} por minuto; tente de novo em {seconds, number} s',
  'error.quotaChannel':
    'este canal usou {limit, plural, one {a # solicitação permitida} other {as # solicitações permitidas}} por minuto; tente de novo em {seconds, number} s',
  'error.busy': 'estou ocupado agora; tente de novo em {seconds, number} s',
  'error.invalidOptions': 'opções inválidas para /{command}: {detail}',
  'error.staleButton': 'este botão não faz mais nada',
  'error.cancelled': 'a solicitação foi cancelada',
  'error.internal': 'algo deu errado do nosso lado',
  'help.unknown': 'Não há um comando `/{command}` que você possa usar aqui. Tente /help.',
  'help.none': 'Não há comandos que você possa usar neste canal.',
  'help.header': 'Isto é o que eu sei fazer aqui:',
  'command.help': 'O que este bot sabe fazer aqui',
  'command.ask': 'Responder a uma pergunta com a base de conhecimento, com fontes',
  'command.kb': 'A base de conhecimento do /ask: documentos, coleções, perguntas de acompanhamento',
  'command.summarize': 'Resumir esta conversa, as mensagens recentes do canal ou um texto',
  'command.transcribe': 'Transcrever uma mensagem de voz ou um arquivo de áudio (ou traduzi-lo para o inglês)',
  'command.describe': 'Descrever uma imagem: uma legenda, os objetos nela e o que ela mostra',
  'command.entities': 'Encontrar as pessoas, lugares e organizações citados em um texto',
  'command.sentiment': 'O tom de um texto: negativo, neutro ou positivo, com probabilidades',
  'command.imagine': 'Desenhar uma imagem a partir de um texto (Stable Diffusion, neste servidor)',
  'command.models': 'Os modelos abertos que este bot usa, com licenças e limitações',
  'command.moderation': 'Política de moderação, casos do registro, advertências e recursos',
  'command.moderate': 'Verificar um texto segundo a política de moderação deste servidor',
  'option.help.command': 'Um comando a explicar',
};
