import { z } from 'zod';
import { AppError } from '../../errors.js';
import { redirectHop } from '../../net/redirect.js';

/**
 * The Hub's model API, GET /api/models/{repo}/revision/{revision}?blobs=true: which commit a revision is now, and
 * its files with sizes, git blob ids and, for large (LFS) files, their sha256. Only what `omb models update` reads.
 */
const sibling = z.object({
  rfilename: z.string().min(1),
  size: z.number().int().nonnegative().optional(),
  blobId: z.string().optional(),
  lfs: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().nonnegative() }).optional(),
});

const modelInfo = z.object({
  sha: z.string().regex(/^[0-9a-f]{40}$/, 'must be a 40-hex commit'),
  siblings: z.array(sibling).default([]),
  cardData: z
    .object({ license: z.union([z.string(), z.array(z.string())]).optional() })
    .passthrough()
    .nullish(),
  lastModified: z.string().optional(),
});

export type HubFile = z.infer<typeof sibling>;
export interface HubCommit {
  commit: string;
  files: ReadonlyMap<string, HubFile>;
  license: string | undefined;
  lastModified: string | undefined;
}

export interface HubApiOptions {
  endpoint: string;
  token?: string | undefined;
  timeoutMs: number;
}

export async function fetchCommit(repo: string, revision: string, options: HubApiOptions): Promise<HubCommit> {
  const url = `${options.endpoint.replace(/\/$/, '')}/api/models/${repo}/revision/${encodeURIComponent(revision)}?blobs=true`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  let response: Response;
  let body: unknown;
  try {
    response = await followRedirects(new URL(url), options.token, controller.signal);
    body = response.ok ? await response.json() : await response.body?.cancel();
  } catch (cause) {
    if (cause instanceof AppError) throw cause;
    const reason = controller.signal.aborted ? `no answer within ${options.timeoutMs} ms` : 'cannot reach it';
    throw new AppError('unavailable', `asked the Hub about ${repo}@${revision}: ${reason}`, { cause });
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 401 || response.status === 403) {
    throw new AppError(
      'forbidden',
      `the Hub refused ${url} (${response.status}): set HF_TOKEN to a token that may read it`,
    );
  }
  if (response.status === 404) throw new AppError('not_found', `the Hub has no ${repo}@${revision} (404)`);
  if (!response.ok) throw new AppError('unavailable', `the Hub answered ${response.status} for ${url}`);
  const parsed = modelInfo.safeParse(body);
  if (!parsed.success) {
    throw new AppError(
      'unavailable',
      `the Hub's answer for ${repo}@${revision} is not understood: ${parsed.error.issues[0]?.message}`,
    );
  }
  const { sha, siblings, cardData, lastModified } = parsed.data;
  const license = Array.isArray(cardData?.license) ? cardData.license.join(', ') : cardData?.license;
  return { commit: sha, files: new Map(siblings.map((f) => [f.rfilename, f])), license, lastModified };
}

/** A renamed repository answers with a redirect: followed by hand, the token only to the Hub's own origin. */
async function followRedirects(origin: URL, token: string | undefined, signal: AbortSignal): Promise<Response> {
  let current = origin;
  let credentials = true;
  for (let hop = 0; hop <= 5; hop++) {
    const headers: Record<string, string> = token && credentials ? { authorization: `Bearer ${token}` } : {};
    const response = await fetch(current, { headers, redirect: 'manual', signal });
    if (response.status < 300 || response.status >= 400) return response;
    await response.body?.cancel();
    ({ url: current, credentials } = redirectHop(origin, current, response.headers.get('location')));
  }
  throw new AppError('unavailable', `the Hub kept redirecting ${origin.pathname}`);
}
