/** What the knowledge base takes and gives: documents, collections, passages. */

/** Turns texts into vectors (the embedding model through the pool, at ingestion or interactive priority). */
export type Embed = (texts: string[], purpose: 'ingest' | 'query') => Promise<Float32Array[]>;

export interface DocumentInput {
  tenant: string;
  collection: string;
  title: string;
  url?: string | undefined;
  text: string;
  /**
   * The platform channel the text was read from (a chat import): its passages then reach only people who can read
   * that channel. Unset for uploads, URLs and typed text, which every member of the tenant may read.
   */
  sourceChannel?: string | undefined;
}

/** A document chunked and embedded already, for {@link KnowledgeBase.addEmbedded}. */
export interface EmbeddedDocument {
  title: string;
  url?: string | undefined;
  sourceChannel?: string | undefined;
  chunks: { text: string; heading?: string | undefined; vector: Float32Array }[];
}

export interface Collection {
  name: string;
  /** Channels allowed to query it; empty means every channel of the tenant. */
  channels: string[];
}

export interface DocumentInfo {
  id: string;
  title: string;
  url?: string | undefined;
  chunks: number;
  createdAt: string;
  /** The channel it was imported from (see DocumentInput.sourceChannel). */
  sourceChannel?: string | undefined;
}

/** A retrieved passage, like the seed's "found contexts": the text, where it is from, and how well it matched. */
export interface Passage {
  documentId: string;
  chunkId: string;
  title: string;
  url?: string | undefined;
  text: string;
  /** Fused rank score (reciprocal rank fusion of vector and full-text search). */
  score: number;
  /** Cosine similarity of the passage to the query (0 when only full-text search found it). */
  similarity: number;
  /** Whether full-text search matched it (the question's words occur in it). */
  keywordMatch: boolean;
  /** The channel its document was imported from; undefined for documents every member may read. */
  sourceChannel?: string | undefined;
}

/**
 * A passage a reader's search left out because its channel is hidden from them: how well it matched and which
 * channel hid it (to say why, never shown), not what it says.
 */
export type WithheldPassage = Pick<Passage, 'score' | 'similarity' | 'keywordMatch'> & { sourceChannel: string };
