import { AppError } from '../errors.js';

export interface RedirectHop {
  url: URL;
  /** Whether the request's credentials (Authorization) may go along: only to the origin they were meant for. */
  credentials: boolean;
}

/**
 * Where a credential-carrying request may go after a redirect, decided before anything is sent there. The token
 * goes only to the origin (scheme, host and port) it was meant for: another host gets the request without it (the
 * Hub's file CDN). A redirect from https to http is refused outright, so nothing is downgraded to clear text;
 * http to http happens only where the operator configured an http endpoint (a local mirror, a test server), and
 * even then the token stays with that origin. Anything but http(s) is refused.
 */
export function redirectHop(origin: URL, current: URL, location: string | null | undefined): RedirectHop {
  if (!location) throw new AppError('unavailable', `${current.host} redirected without saying where to`);
  let url: URL;
  try {
    url = new URL(location, current);
  } catch {
    throw new AppError('unavailable', `${current.host} redirected to an invalid URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('forbidden', `${current.host} redirected to a ${url.protocol} link, which is not followed`);
  }
  if (url.protocol === 'http:' && (origin.protocol !== 'http:' || current.protocol !== 'http:')) {
    throw new AppError(
      'forbidden',
      `${current.host} redirected to unencrypted http://${url.host}, which is not followed (nothing leaves https)`,
    );
  }
  return { url, credentials: url.origin === origin.origin };
}
