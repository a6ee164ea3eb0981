import type { ErrorCode } from '../errors.js';
import type { DocumentBytes, ExtractedDocument, ExtractLimits } from '../retrieval/extract.js';
import type { DecodedAudio } from '../runtime/audio/decode.js';
import type { DecodedImage, ImageLimits } from './image.js';

/** The audio to decode: a file the worker reads itself (nothing passes through the main thread), or bytes moved to it. */
export type AudioSource = { path: string } | { bytes: Uint8Array };

/** A job for a parse worker; each kind names what it returns in ParseResults. */
export type ParseJob =
  | { kind: 'audio'; source: AudioSource; maxDurationSec: number }
  | { kind: 'document'; input: DocumentBytes; limits: ExtractLimits }
  /** A multipart/form-data body (uploads): undici's parser takes over a second for 25 MB, so not on the event loop. */
  | { kind: 'form'; body: ArrayBuffer; contentType: string }
  /** An untrusted image (an upload, an attachment): the bytes are moved to the worker, the pixels moved back. */
  | { kind: 'image'; bytes: Uint8Array; limits: ImageLimits };

export interface FormFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}

/** A form's text fields and files, the first of each name. */
export interface ParsedForm {
  fields: Record<string, string>;
  files: Record<string, FormFile>;
}

export interface ParseResults {
  audio: DecodedAudio;
  document: ExtractedDocument;
  form: ParsedForm;
  image: DecodedImage;
}

/** The messages between the pool and any worker it runs (the pool itself knows no job kinds). */
export type ToParseWorker = { op: 'run'; id: number; job: unknown };

export type FromParseWorker =
  /** Sent once its modules are loaded: a job's time limit starts when it is posted, after this. */
  | { op: 'ready' }
  | { op: 'result'; id: number; value: unknown }
  | { op: 'error'; id: number; code: ErrorCode; message: string };
