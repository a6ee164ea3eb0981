import { type WebAPICallResult, WebClient, type WebClientOptions } from '@slack/web-api';

/** Web API errors no retry can fix: the token is wrong, revoked or of the wrong kind. */
const REJECTED_TOKEN = new Set(['invalid_auth', 'not_authed', 'not_allowed_token_type']);
const REVOKED_TOKEN = new Set(['account_inactive', 'token_revoked', 'token_expired', 'team_disabled']);

export type SlackTokenVariable = 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN';

/** What to fix when Slack refuses `variable` for good, or undefined when the error may pass. */
export function fatalSlackError(err: unknown, variable: SlackTokenVariable): string | undefined {
  const { code, data } = (err ?? {}) as { code?: string; data?: { error?: string } };
  const error = data?.error ?? '';
  if (code !== 'slack_webapi_platform_error' || !(REJECTED_TOKEN.has(error) || REVOKED_TOKEN.has(error))) return;
  const token =
    variable === 'SLACK_BOT_TOKEN'
      ? "the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page"
      : 'an app-level token (xapp-…) with the connections:write scope (your Slack app → Basic Information → App-Level Tokens)';
  const fix = REVOKED_TOKEN.has(error)
    ? `the token was revoked or the app uninstalled: reinstall the app to the workspace and set ${variable} to ${token}`
    : `set ${variable} to ${token}`;
  return `Slack rejected ${variable} (${error}): ${fix}`;
}

/** A call refused here because Slack already rejected the token: no request is made. */
export class SlackTokenHalted extends Error {
  constructor(readonly reason: string) {
    super(`Slack calls are stopped: ${reason}`);
    this.name = 'SlackTokenHalted';
  }
}

/**
 * The bot's Web API client, halting like Discord's 401 guard: the first answer saying the token is rejected or
 * revoked (invalid_auth, token_revoked, …, at start or mid-run) stops every further call, which then fails here
 * without reaching Slack, and `onRejected` is told once (the adapter goes fatal and logs what to fix). Calls that
 * keep failing on a dead token only add load and noise; nothing recovers without a new token and a restart.
 */
export class GuardedWebClient extends WebClient {
  private halted: string | undefined;

  constructor(
    token: string,
    options: WebClientOptions,
    private readonly onRejected: (reason: string) => void,
  ) {
    super(token, options);
  }

  /** Why calls are stopped, once they are. */
  get haltedBecause(): string | undefined {
    return this.halted;
  }

  override async apiCall(method: string, options?: Record<string, unknown>): Promise<WebAPICallResult> {
    if (this.halted) throw new SlackTokenHalted(this.halted);
    try {
      return await super.apiCall(method, options);
    } catch (err) {
      const fatal = fatalSlackError(err, 'SLACK_BOT_TOKEN');
      if (fatal && !this.halted) {
        this.halted = fatal;
        this.onRejected(fatal);
      }
      throw err;
    }
  }
}
