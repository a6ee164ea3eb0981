import dns, { type LookupAddress } from 'node:dns';
import net, { type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { buildConnector } from 'undici';
import { AppError } from '../errors.js';
import { readCapped } from './read-capped.js';

export interface FetchUrlOptions {
  /** A cap on the bytes actually read (after decompression); Content-Length is not trusted. Default 20 MiB. */
  maxBytes?: number;
  /** A cap on the whole fetch, redirects and body included. Default 20 s. */
  timeoutMs?: number;
  /**
   * The operator's `host` or `host:port` entries that may be private (an intranet wiki, a test server on
   * loopback). Only the entry's own origin is exempt: a redirect from it to anywhere else is checked as usual.
   */
  allowHosts?: readonly string[];
  /** Cancels the fetch (the person gave up, the server is shutting down). */
  signal?: AbortSignal;
  /** Stands in for DNS and the public-address rule (tests: a rebinding resolver, loopback playing a public host). */
  network?: AddressPolicy;
}

/** How a host name becomes the addresses connected to, and which of those may be reached. */
export interface AddressPolicy {
  lookup?: (hostname: string) => Promise<LookupAddress[]>;
  nonPublicReason?: (address: string) => string | undefined;
}

export interface FetchedUrl {
  /** The final URL, after redirects. */
  url: string;
  contentType: string | undefined;
  bytes: Uint8Array;
  /** From Content-Disposition, else the URL's last path segment when it looks like a file name. */
  filename?: string | undefined;
}

const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const HEADERS = {
  'user-agent': 'open-model-bot (knowledge-base ingestion)',
  accept: 'text/html,application/xhtml+xml,text/markdown,text/plain,application/pdf;q=0.9,*/*;q=0.5',
};
/** ipaddr.js calls unassigned IPv6 space (::7f00:1, IPv4-compatible) 'unicast': only 2000::/3 is public. */
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');
const RANGE_NAMES: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private address',
  uniqueLocal: 'a private address',
  linkLocal: 'a link-local address (where cloud metadata services live)',
  carrierGradeNat: 'a carrier-grade NAT address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
};

/** Why an address may not be fetched, or undefined when it is a public unicast address. */
export function nonPublicReason(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  // process() turns IPv4-mapped IPv6 (::ffff:127.0.0.1) into the IPv4 address it reaches.
  const ip = ipaddr.process(address);
  const range = ip.range();
  if (range === 'unicast' && (ip.kind() === 'ipv4' || (ip as ipaddr.IPv6).match(GLOBAL_UNICAST_V6))) return undefined;
  return RANGE_NAMES[range] ?? `a reserved address (${range === 'unicast' ? 'unassigned' : range})`;
}

/** Names the address only when the caller gave it: what an internal name resolves to is not theirs to learn. */
function refusal(host: string, address: string, reason: string): AppError {
  const what = host === address ? `${address} is ${reason}` : `${host} resolves to ${reason}`;
  return new AppError('forbidden', `${what}; only public addresses can be fetched`);
}

function systemLookup(hostname: string): Promise<LookupAddress[]> {
  return dns.promises.lookup(hostname, { all: true });
}

/**
 * Resolves like dns.lookup but fails when any address is not public. net.connect connects to exactly the
 * addresses this returns, so a name that resolves differently a second time (DNS rebinding) gains nothing.
 */
function publicOnlyLookup(policy: AddressPolicy): LookupFunction {
  const [lookup, reasonOf] = [policy.lookup ?? systemLookup, policy.nonPublicReason ?? nonPublicReason];
  return (hostname, options, callback) => {
    lookup(hostname).then(
      (addresses) => {
        for (const { address } of addresses) {
          const reason = reasonOf(address);
          if (reason) return callback(refusal(hostname, address, reason), '');
        }
        const first = addresses[0];
        if (options.all) callback(null, addresses);
        else if (first) callback(null, first.address, first.family);
        else callback(Object.assign(new Error(`${hostname} has no addresses`), { code: 'ENOTFOUND' }), '');
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

let undici: Promise<typeof import('undici')> | undefined;

/**
 * undici, imported at the first outbound request rather than with this module: the server's start loads this
 * module (webhooks, ingestion) and would otherwise pay ~0.1 s for a client it may never use.
 */
export function loadUndici(): Promise<typeof import('undici')> {
  undici ??= import('undici');
  return undici;
}

/** The check at connect time, for every connection the fetch opens (each redirect hop included). */
export async function guardedConnector(
  allowHosts: ReadonlySet<string>,
  policy: AddressPolicy = {},
): Promise<buildConnector.connector> {
  const { buildConnector } = await loadUndici();
  const open = buildConnector({});
  const guarded = buildConnector({ lookup: publicOnlyLookup(policy) });
  const reasonOf = policy.nonPublicReason ?? nonPublicReason;
  return (options, callback) => {
    const { hostname } = options;
    const port = options.port || (options.protocol === 'https:' ? '443' : '80');
    const name = net.isIPv6(hostname) ? `[${hostname}]` : hostname.toLowerCase();
    if (allowHosts.has(name) || allowHosts.has(`${name}:${port}`)) return open(options, callback);
    // Literal addresses never reach `lookup`: they are checked here.
    const reason = net.isIP(hostname) ? reasonOf(hostname) : undefined;
    if (reason) return callback(refusal(hostname, hostname, reason), null);
    guarded(options, callback);
  };
}

/**
 * Fetches a URL someone asked the bot to ingest: http(s) only, public addresses only (checked when connecting,
 * on every hop, unless the operator allow-listed the origin), at most 5 redirects, `maxBytes` read and
 * `timeoutMs` in all. Every refusal is an AppError whose message says why.
 */
export async function fetchUrl(link: string, options: FetchUrlOptions = {}): Promise<FetchedUrl> {
  const maxBytes = options.maxBytes ?? 20 * 1024 * 1024;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const allowHosts = new Set((options.allowHosts ?? []).map((entry) => entry.toLowerCase()));
  const { Agent, fetch } = await loadUndici();
  const dispatcher = new Agent({ connect: await guardedConnector(allowHosts, options.network) });
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let target = checkedUrl(link);
  let hop = 0;
  // Refusals on a later hop say that the link redirected there: the person only sees the link they gave.
  const failure = (error: unknown): AppError => {
    const known = findAppError(error);
    if (known && hop > 0 && known.code === 'forbidden') return redirectRefused(target, known);
    if (known) return known;
    if (timeout.aborted) {
      return new AppError('unavailable', `${target.host} took longer than ${timeoutMs / 1000} s`, { cause: error });
    }
    if (signal.aborted) return new AppError('unavailable', 'the fetch was cancelled', { cause: error });
    return new AppError('unavailable', `could not fetch ${target.host} (${describe(error)})`, { cause: error });
  };
  try {
    for (; ; hop++) {
      const response = await fetch(target, { dispatcher, headers: HEADERS, redirect: 'manual', signal }).catch(
        (error: unknown) => {
          throw failure(error);
        },
      );
      if (REDIRECTS.has(response.status)) {
        await response.body?.cancel();
        const location = response.headers.get('location');
        if (!location) throw new AppError('unavailable', `${target.host} redirected without saying where to`);
        if (hop >= MAX_REDIRECTS)
          throw new AppError('unavailable', `the link redirected more than ${MAX_REDIRECTS} times`);
        target = checkedUrl(location, target);
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        const code = response.status === 404 || response.status === 410 ? 'not_found' : 'unavailable';
        throw new AppError(code, `${target.host} answered HTTP ${response.status}`);
      }
      const bytes = await readCapped(response.body, maxBytes, `the page at ${target.host}`).catch((error: unknown) => {
        throw failure(error);
      });
      const contentType = response.headers.get('content-type') ?? undefined;
      return {
        url: target.href,
        contentType,
        bytes,
        filename: filenameOf(response.headers.get('content-disposition'), target),
      };
    }
  } finally {
    await dispatcher.destroy();
  }
}

/** Parses and checks the scheme of the link, or of a redirect's Location (relative to `base`). */
function checkedUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new AppError('bad_request', base ? `${base.host} redirected to an invalid URL` : `${raw} is not a valid URL`);
  }
  let refused: AppError | undefined;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    refused = new AppError('forbidden', `${url.protocol} links are not fetched; only http and https`);
  } else if (url.username || url.password) {
    refused = new AppError('forbidden', 'links with a user name or password in them are not fetched');
  }
  if (refused) throw base ? redirectRefused(url, refused) : refused;
  return url;
}

function redirectRefused(target: URL, refused: AppError): AppError {
  return new AppError('forbidden', `the link redirected to ${target.href}, which is refused: ${refused.message}`, {
    cause: refused,
  });
}

/** undici wraps connect errors (`fetch failed`, cause: …): a refusal from the connector is somewhere in the chain. */
function findAppError(error: unknown): AppError | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof AppError) return e;
  }
  return undefined;
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as NodeJS.ErrnoException).code;
  return code ?? (cause instanceof Error ? cause.message : String(cause));
}

function filenameOf(disposition: string | null, url: URL): string | undefined {
  const extended = disposition?.match(/filename\*\s*=\s*[\w-]*'[^']*'([^;\s]+)/i)?.[1];
  const plain = disposition?.match(/filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i);
  const last = url.pathname.split('/').at(-1);
  const raw = extended ?? plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2] ?? (last?.includes('.') ? last : undefined);
  if (!raw) return undefined;
  let name = raw;
  try {
    if (extended || !plain) name = decodeURIComponent(raw);
  } catch {}
  // A name, never a path: it is shown to people and may become a title.
  return name.split(/[\\/]/).at(-1) || undefined;
}
