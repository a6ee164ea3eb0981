import dns from 'node:dns/promises';
import net from 'node:net';
import { nonPublicReason } from '../net/fetch-url.js';

const HINT = 'webhooks are delivered to public addresses only (the operator can allow a host with WEBHOOK_ALLOW_HOSTS)';

/** `host` or `host:port` entries as the connect-time guard compares them: lower case, IPv6 in brackets. */
export function allowHostSet(allowHosts: readonly string[]): ReadonlySet<string> {
  return new Set(allowHosts.map((entry) => entry.trim().toLowerCase()));
}

/**
 * Why `raw` may not receive webhooks, or undefined when it may: http(s) only, no credentials in it, and a public
 * address unless the operator allow-listed its host. This is the check when subscribing; every delivery is checked
 * again when it connects (the name may resolve elsewhere by then).
 */
export async function refusedTarget(raw: string, allowHosts: ReadonlySet<string>): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `${raw} is not a valid URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${url.protocol} URLs are refused; use https`;
  if (url.username || url.password) return 'URLs with a user name or password in them are refused';
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  if (allowHosts.has(host) || allowHosts.has(`${host}:${port}`)) return undefined;
  const name = host.replace(/^\[(.*)\]$/, '$1');
  if (net.isIP(name)) {
    const reason = nonPublicReason(name);
    return reason && `${name} is ${reason}: ${HINT}`;
  }
  // Whatever the name resolves to stays unsaid, and so does whether it resolves at all: a caller must not be
  // able to map the internal network through this refusal.
  const refused = `${name} does not resolve to a public address: ${HINT}`;
  let addresses: { address: string }[];
  try {
    addresses = await dns.lookup(name, { all: true });
  } catch {
    return refused;
  }
  if (addresses.some(({ address }) => nonPublicReason(address) !== undefined)) return refused;
  return undefined;
}
