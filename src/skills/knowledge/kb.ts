import { z } from 'zod';
import type { FetchUrlOptions } from '../../net/fetch-url.js';
import type { DocumentExtractor } from '../../retrieval/extract.js';
import type { Collection, DocumentInfo, KnowledgeBase } from '../../retrieval/knowledge-base.js';
import type { Upload } from '../../retrieval/load-document.js';
import { notices, refusals } from '../refusal.js';
import { MAX_HISTORY, type Skill, type SkillContext } from '../skill.js';
import { loadRetold, sourceName } from './add-document.js';
import type { AnswerStore } from './answers.js';
import { importConversation } from './import.js';
import { channelsHiddenFrom } from './readers.js';

const refuse = refusals('kb');
const notice = notices('kb');
const name = z
  .string()
  .trim()
  .regex(/^[\w-]{1,64}$/, 'skill.kb.collectionName');

/** Slash commands on Slack arrive as words: on/off, true/false, yes/no. */
const onOff = (value: unknown) =>
  typeof value === 'string' ? ['on', 'true', 'yes'].includes(value.trim().toLowerCase()) : value;

const uploadSchema = z.custom<Upload>(
  (v) => typeof v === 'object' && v !== null && (v as Upload).bytes instanceof Uint8Array,
  'an uploaded file',
);

const input = z.discriminatedUnion('do', [
  z
    .object({
      do: z.literal('add'),
      collection: name.default('default'),
      title: z.string().trim().min(1).max(300).optional(),
      url: z.string().url().optional(),
      /** A chat attachment (an attachment option: the file, fetched by its URL; or the URL itself). */
      file: z.union([z.string().url(), z.object({ url: z.string().url() }).transform((f) => f.url)]).optional(),
      upload: uploadSchema.optional(),
      text: z.string().trim().min(1, 'skill.kb.documentEmpty').max(2_000_000).optional(),
    })
    .refine((a) => a.text ?? a.url ?? a.file ?? a.upload, 'skill.kb.noDocumentGiven'),
  z.object({
    do: z.literal('import'),
    collection: name.default('default'),
    /** This thread, or this channel's latest messages. */
    from: z.enum(['thread', 'channel']).default('thread'),
    messages: z.coerce.number().int().min(1).max(MAX_HISTORY).default(100),
  }),
  z.object({ do: z.literal('list'), collection: name.default('default') }),
  z.object({ do: z.literal('delete'), collection: name.default('default'), document: z.string().min(1) }),
  z.object({ do: z.literal('collections') }),
  /** Whether the bot answers follow-ups without a mention in threads it answered, in this channel. */
  z.object({ do: z.literal('follow-ups'), on: z.preprocess(onOff, z.boolean()).default(true) }),
  z.object({
    do: z.literal('scope'),
    collection: name.default('default'),
    /** Channel ids (or mentions) allowed to ask this collection; empty: every channel. */
    channels: z
      .union([z.array(z.string()), z.string().transform((text) => text.split(/[\s,]+/).filter(Boolean))])
      .default([]),
  }),
]);
type Input = z.infer<typeof input>;

export type KbOutput =
  | { added: { documentId: string; chunks: number; duplicate: boolean; collection: string; title: string } }
  | { documents: DocumentInfo[]; collection: string }
  | { deleted: string }
  | { collections: Collection[] }
  | { followUps: boolean };

/** Who may change a collection: moderators in chat; on the API, keys with kb:write (the HTTP layer decides). */
function requireEditor(ctx: SkillContext): void {
  if (!ctx.isModerator) throw refuse('forbidden', 'moderatorsOnly');
}

/**
 * `kb`: the knowledge base's documents and collections. Adding, deleting and scoping need a moderator (or the
 * API); anyone may list. The JSON API's /v1/collections routes go through this skill too.
 */
export function createKbSkill(
  kb: () => Promise<KnowledgeBase>,
  answers: AnswerStore,
  fetching: FetchUrlOptions,
  extract: DocumentExtractor,
): Skill<Input, KbOutput> {
  return {
    name: 'kb',
    description: 'The knowledge base /ask answers from: documents, collections, follow-ups',
    models: [],
    // `/kb import` reads a channel's or thread's history into a collection.
    needs: ['history'],
    input,
    reach: [
      {
        kind: 'command',
        options: [
          {
            name: 'do',
            description: 'What to do',
            type: 'string',
            required: true,
            choices: ['add', 'import', 'list', 'delete', 'collections', 'scope', 'follow-ups'],
          },
          { name: 'collection', description: 'Which collection (default: "default")', type: 'string' },
          { name: 'text', description: 'add: the document as text', type: 'string' },
          { name: 'file', description: 'add: a PDF, HTML, Markdown or text file', type: 'attachment' },
          { name: 'url', description: 'add: a web page or file to fetch', type: 'string' },
          {
            name: 'from',
            description: 'import: this thread or this channel',
            type: 'string',
            choices: ['thread', 'channel'],
          },
          { name: 'messages', description: 'import: how many recent messages (max 200)', type: 'integer' },
          { name: 'title', description: 'Its title', type: 'string' },
          { name: 'document', description: 'The document id to delete', type: 'string' },
          { name: 'channels', description: 'scope: the channels that may ask it (#a #b; empty: all)', type: 'string' },
          { name: 'on', description: 'follow-ups: answer un-mentioned follow-ups in threads here', type: 'boolean' },
        ],
      },
    ],
    async run(args, ctx) {
      const base = await kb();
      switch (args.do) {
        case 'add': {
          requireEditor(ctx);
          await base.defineCollection(ctx.tenantId, args.collection);
          if (!args.text) await ctx.progress({ text: notice(ctx.locale, 'reading', { source: sourceName(args) }) });
          const doc = await loadRetold(args, { ...fetching, signal: ctx.signal }, extract);
          const added = await base.add({ tenant: ctx.tenantId, collection: args.collection, ...doc }, embedding(ctx));
          return { added: { ...added, collection: args.collection, title: doc.title } };
        }
        case 'import': {
          requireEditor(ctx);
          await base.defineCollection(ctx.tenantId, args.collection);
          const doc = await importConversation(args.from, args.messages, ctx);
          const added = await base.add({ tenant: ctx.tenantId, collection: args.collection, ...doc }, embedding(ctx));
          return { added: { ...added, collection: args.collection, title: doc.title } };
        }
        case 'list': {
          await mustExist(base, ctx.tenantId, args.collection);
          const documents = await base.list(ctx.tenantId, args.collection);
          // Imports from channels the asker can't view are not theirs to see listed either (their titles name them).
          const sources = [...new Set(documents.flatMap((d) => (d.sourceChannel ? [d.sourceChannel] : [])))];
          const { hidden } = await channelsHiddenFrom(ctx, sources);
          const shown = documents.filter((d) => !d.sourceChannel || !hidden.includes(d.sourceChannel));
          return { documents: shown, collection: args.collection };
        }
        case 'delete':
          requireEditor(ctx);
          await mustExist(base, ctx.tenantId, args.collection);
          if (!(await base.remove(ctx.tenantId, args.collection, args.document))) {
            throw refuse('not_found', 'noDocument', { document: args.document, collection: args.collection });
          }
          return { deleted: args.document };
        case 'collections':
          return { collections: await base.collections(ctx.tenantId) };
        case 'follow-ups':
          requireEditor(ctx);
          await answers.setFollowUps(ctx.tenantId, ctx.channelId, args.on);
          return { followUps: args.on };
        case 'scope': {
          requireEditor(ctx);
          const channels = args.channels.map((c) => c.replace(/^<#([^|>]+)(\|[^>]*)?>$/, '$1'));
          return { collections: [await base.defineCollection(ctx.tenantId, args.collection, channels)] };
        }
      }
    },
    event: (out) =>
      'added' in out && !out.added.duplicate ? { type: 'document.ingested', data: { ...out.added } } : undefined,
    render(out) {
      if ('added' in out) {
        const { added } = out;
        return {
          text: added.duplicate
            ? `"${added.title}" is already in **${added.collection}** (document ${added.documentId}).`
            : `Added "${added.title}" to **${added.collection}**: ${added.chunks} passages (document ${added.documentId}).`,
        };
      }
      if ('documents' in out) {
        const lines = out.documents.map((d) => `• ${d.title} — ${d.chunks} passages (${d.id})`);
        return { text: [`**${out.collection}**: ${out.documents.length} document(s)`, ...lines].join('\n') };
      }
      if ('deleted' in out) return { text: `Deleted document ${out.deleted}.` };
      if ('followUps' in out) {
        return {
          text: out.followUps
            ? 'In threads I answered here, I will answer follow-ups without being mentioned.'
            : 'In this channel I will only answer when mentioned or asked with /ask.',
        };
      }
      const lines = out.collections.map(
        (c) =>
          `• **${c.name}** — ${c.channels.length ? c.channels.map((id) => `<#${id}>`).join(' ') : 'every channel'}`,
      );
      return { text: lines.length ? lines.join('\n') : 'No collections yet.' };
    },
  };
}

/** "Embedding passages 128/640…" while a big document is added (chat shows it as edits of the reply). */
function embedding(ctx: SkillContext) {
  return (done: number, total: number) => {
    if (total > 64 && done < total) void ctx.progress({ text: `Embedding passages ${done}/${total}…` }).catch(() => {});
  };
}

export async function mustExist(kb: KnowledgeBase, tenant: string, collection: string): Promise<Collection> {
  const found = await kb.collection(tenant, collection);
  if (!found) throw refuse('not_found', 'noCollection', { collection });
  return found;
}
