import type { Catalogue } from './en.js';

export const es: Catalogue = {
  'reply.failure': 'Lo siento, no pude hacerlo: {reason} (id de error: {errorId})',
  'reply.reason': 'Lo siento, {reason}.',
  'reply.restarting': 'Me estoy reiniciando; inténtalo de nuevo en un minuto.',
  'reply.cutOff': 'Lo siento, tuve que reiniciarme antes de terminar. Inténtalo de nuevo en un minuto.',
  'reason.noMentions':
    'responder preguntas aún no está configurado en este servidor. Prueba /help para ver lo que puedo hacer',
  'reason.noVoiceNotes': 'la transcripción no está configurada en este servidor',
  'reason.noMessageAction': 'no existe ninguna acción de mensaje llamada «{name}»',
  'error.noCommand': 'no existe ningún comando llamado «{name}»',
  'error.forbiddenRole': 'no tienes un rol que pueda usar /{command} aquí',
  'error.quotaUser':
    'has usado {limit, plural, one {la # solicitud permitida} other {las # solicitudes permitidas}} por minuto; inténtalo de nuevo en {seconds, number} s',
  'error.quotaChannel':
    'este canal ha usado {limit, plural, one {la # solicitud permitida} other {las # solicitudes permitidas}} por minuto; inténtalo de nuevo en {seconds, number} s',
  'error.busy': 'estoy ocupado ahora mismo; inténtalo de nuevo en {seconds, number} s',
  'error.invalidOptions': 'opciones no válidas para /{command}: {detail}',
  'error.staleButton': 'este botón ya no hace nada',
  'error.cancelled': 'la solicitud se canceló',
  'error.internal': 'algo salió mal por nuestra parte',
  'help.unknown': 'No hay ningún comando `/{command}` que puedas usar aquí. Prueba /help.',
  'help.none': 'No hay comandos que puedas usar en este canal.',
  'help.header': 'Esto es lo que puedo hacer aquí:',
  'command.help': 'Lo que este bot puede hacer aquí',
  'command.ask': 'Responder una pregunta con la base de conocimiento, con fuentes',
  'command.kb': 'La base de conocimiento de /ask: documentos, colecciones, seguimientos',
  'command.summarize': 'Resumir este hilo, los mensajes recientes del canal o un texto',
  'command.transcribe': 'Transcribir una nota de voz o un archivo de audio (o traducirlo al inglés)',
  'command.describe': 'Describir una imagen: un pie de foto, sus objetos y lo que muestra',
  'command.entities': 'Encontrar las personas, lugares y organizaciones que nombra un texto',
  'command.sentiment': 'El tono de un texto: negativo, neutral o positivo, con probabilidades',
  'command.imagine': 'Dibujar una imagen a partir de un texto (Stable Diffusion, en este servidor)',
  'command.models': 'Los modelos abiertos que usa este bot, con sus licencias y limitaciones',
  'command.moderation': 'Política de moderación, casos del registro, advertencias y apelaciones',
  'command.moderate': 'Comprobar un texto según la política de moderación de este servidor',
  'option.help.command': 'Un comando que explicar',
};
