import type { Catalogue } from './en.js';

export const fr: Catalogue = {
  'reply.failure': 'Désolé, je n’ai pas pu le faire : {reason} (identifiant d’erreur : {errorId})',
  'reply.reason': 'Désolé, {reason}.',
  'reply.restarting': 'Je redémarre en ce moment ; réessayez dans une minute.',
  'reply.cutOff': 'Désolé, j’ai dû redémarrer avant d’avoir fini. Réessayez dans une minute.',
  'reason.noMentions':
    'les réponses aux questions ne sont pas encore configurées sur ce serveur. Essayez /help pour voir ce que je sais faire',
  'reason.noVoiceNotes': 'la transcription n’est pas configurée sur ce serveur',
  'reason.noMessageAction': 'il n’existe pas d’action de message « {name} »',
  'error.noCommand': 'il n’existe pas de commande « {name} »',
  'error.forbiddenRole': 'vous n’avez pas de rôle autorisé à utiliser /{command} ici',
  'error.quotaUser':
    'vous avez utilisé {limit, plural, one {la # requête autorisée} other {les # requêtes autorisées}} par minute ; réessayez dans {seconds, number} s',
  'error.quotaChannel':
    'ce salon a utilisé {limit, plural, one {la # requête autorisée} other {les # requêtes autorisées}} par minute ; réessayez dans {seconds, number} s',
  'error.busy': 'je suis occupé en ce moment ; réessayez dans {seconds, number} s',
  'error.invalidOptions': 'options non valides pour /{command} : {detail}',
  'error.staleButton': 'ce bouton ne fait plus rien',
  'error.cancelled': 'la requête a été annulée',
  'error.internal': 'un problème est survenu de notre côté',
  'help.unknown': 'Il n’y a pas de commande `/{command}` que vous pouvez utiliser ici. Essayez /help.',
  'help.none': 'Vous ne pouvez utiliser aucune commande dans ce salon.',
  'help.header': 'Voici ce que je sais faire ici :',
  'command.help': 'Ce que ce bot sait faire ici',
  'command.ask': 'Répondre à une question depuis la base de connaissances, avec les sources',
  'command.kb': 'La base de connaissances de /ask : documents, collections, questions de suivi',
  'command.summarize': 'Résumer ce fil, les derniers messages du salon ou un texte',
  'command.transcribe': 'Transcrire un message vocal ou un fichier audio (ou le traduire en anglais)',
  'command.describe': 'Décrire une image : légende, objets et ce qu’elle montre',
  'command.entities': 'Trouver les personnes, lieux et organisations cités dans un texte',
  'command.sentiment': 'Le ton d’un texte : négatif, neutre ou positif, avec les probabilités',
  'command.imagine': 'Dessiner une image à partir d’un texte (Stable Diffusion, sur ce serveur)',
  'command.models': 'Les modèles ouverts de ce bot, avec leurs licences et leurs limites',
  'command.moderation': 'Politique de modération, cas du journal, avertissements et appels',
  'command.moderate': 'Vérifier un texte selon la politique de modération de ce serveur',
  'option.help.command': 'Une commande à expliquer',
};
