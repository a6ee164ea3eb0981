import { skillsEn } from './skills/en.js';

/**
 * The bot's own words in English: the reference catalogue. Every other catalogue has exactly these keys, with the
 * same ICU arguments (test/i18n/catalogue.test.ts). Model output (answers, transcripts) never goes through here.
 */
export const en = {
  'reply.failure': "Sorry, I couldn't do that: {reason} (error id: {errorId})",
  'reply.reason': 'Sorry, {reason}.',
  'reply.restarting': "I'm restarting right now; please try again in a minute.",
  'reply.cutOff': "Sorry, I'm restarting and had to stop before this was done. Please try again in a minute.",
  'reply.working': 'Working on it…',
  'reason.noMentions': "answering questions isn't set up on this server yet. Try /help to see what I can do",
  'reason.noVoiceNotes': "transcription isn't set up on this server",
  'reason.noMessageAction': 'there is no message action called "{name}"',
  'error.noCommand': 'there is no command called "{name}"',
  'error.forbiddenRole': "you don't have a role that may use /{command} here",
  'error.quotaUser':
    'you have used all {limit, plural, one {# request} other {# requests}} allowed per minute; try again in {seconds, number} s',
  'error.quotaChannel':
    'this channel has used all {limit, plural, one {# request} other {# requests}} allowed per minute; try again in {seconds, number} s',
  'error.busy': "I'm busy right now; please try again in {seconds, number} s",
  'error.invalidOptions': 'invalid options for /{command}: {detail}',
  'error.staleButton': 'this button no longer does anything',
  'error.cancelled': 'the request was cancelled',
  'error.internal': 'something went wrong on our side',
  'help.unknown': 'There is no command `/{command}` you can use here. Try /help.',
  'help.none': 'There are no commands you can use in this channel.',
  'help.header': 'Here is what I can do here:',
  'command.help': 'What this bot can do here',
  'command.ask': 'Answer a question from the knowledge base, with sources',
  'command.kb': 'The knowledge base /ask answers from: documents, collections, follow-ups',
  'command.summarize': 'Summarize this thread, the channel’s recent messages, or a text',
  'command.classify': 'Score a text against labels you choose (zero-shot)',
  'command.transcribe': 'Transcribe a voice note or audio file (or translate it into English)',
  'command.describe': 'Describe an image: a caption, the objects in it and what it shows',
  'command.entities': 'Find the people, places and organisations named in a text',
  'command.sentiment': 'How a text feels: negative, neutral or positive, with probabilities',
  'command.imagine': 'Draw an image from a text prompt (Stable Diffusion, on this server)',
  'command.models': 'The open models this bot runs, with their licences and limitations',
  'command.moderation': 'Moderation policy, mod-log cases, warnings and appeals',
  'command.moderate': 'Check a text against this server’s moderation policy',
  'action.sentiment': 'Sentiment',
  'action.entities': 'Tag entities',
  'action.summarize': 'Summarize thread',
  'action.transcribe': 'Transcribe',
  'action.describe': 'Describe image',
  'option.help.command': 'A command to explain',
  ...skillsEn,
} as const;

export type MessageKey = keyof typeof en;
export type Catalogue = Readonly<Record<MessageKey, string>>;
