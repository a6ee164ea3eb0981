import type { WebClient } from '@slack/web-api';
import { AppError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { FileAccess } from '../../net/download.js';
import { Pacer } from '../pace.js';
import type { PendingForms } from '../pending-forms.js';
import { SlackReplier, type SlackWhere } from './replier.js';

/** Slack's own hosts: response_urls (hooks) and private files. */
const RESPONSE_HOSTS = ['hooks.slack.com'];
const FILE_HOSTS = ['files.slack.com', 'slack-files.com'];
const RESPONSE_TIMEOUT_MS = 10_000;
/** How many replies' uploaded files are remembered for their delete buttons. */
const REMEMBERED_UPLOADS = 1000;

/**
 * What every Slack replier shares: the Web API client, the per-channel pacing, the forms waiting behind buttons,
 * and the two kinds of raw HTTP Slack needs besides its API (response_urls, private file downloads), each limited
 * to Slack's hosts plus the configured API host (an Enterprise proxy, or a test's fake).
 */
export class SlackDelivery {
  private readonly pacer = new Pacer(1000);
  private readonly extraHosts: string[];
  /**
   * Files go up after the message they belong to (Slack cannot attach files to a message it already posted), so a
   * button on the message cannot find them by itself: the files of recent replies are remembered by channel and the
   * values of the reply's buttons.
   */
  private readonly uploads = new Map<string, string[]>();

  constructor(
    private readonly client: WebClient,
    private readonly forms: PendingForms,
    apiUrl: string,
    private readonly log: Logger,
  ) {
    this.extraHosts = [new URL(apiUrl).host];
  }

  replier(where: SlackWhere): SlackReplier {
    return new SlackReplier(where, {
      client: this.client,
      pacer: this.pacer,
      forms: this.forms,
      log: this.log,
      postResponse: (url, body) => this.postResponse(url, body),
      uploaded: (buttonValues, fileIds) => {
        for (const value of buttonValues) this.uploads.set(`${where.channel}:${value}`, fileIds);
        for (const old of this.uploads.keys()) if (this.uploads.size > REMEMBERED_UPLOADS) this.uploads.delete(old);
      },
    });
  }

  /**
   * A button's "delete": the message it was on goes (through the press's response_url, which can delete the message
   * whatever posted it, else chat.delete), and so do the files posted with it. After a restart those files are not
   * known any more and stay.
   */
  async removeMessage(where: SlackWhere, messageTs: string | undefined, buttonValue: string): Promise<void> {
    if (where.responseUrl) await this.postResponse(where.responseUrl, { delete_original: true });
    else if (messageTs) await this.client.chat.delete({ channel: where.channel, ts: messageTs });
    else throw new AppError('unavailable', 'Slack did not say which message this button was on');
    const key = `${where.channel}:${buttonValue}`;
    for (const file of this.uploads.get(key) ?? []) await this.client.files.delete({ file });
    this.uploads.delete(key);
  }

  /** How private files are fetched: with the bot token, from Slack's file hosts only (see downloadFile). */
  fileAccess(botToken: string): FileAccess {
    return {
      allowedHosts: [...FILE_HOSTS, ...this.extraHosts],
      headers: { authorization: `Bearer ${botToken}` },
      htmlMeansRefused: true,
    };
  }

  private async postResponse(url: string, body: object): Promise<void> {
    const host = new URL(url).host;
    if (!RESPONSE_HOSTS.includes(host) && !this.extraHosts.includes(host)) {
      throw new AppError('forbidden', `response_url on an unexpected host (${host})`);
    }
    await this.pacer.wait(`response:${url}`);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.timeout(RESPONSE_TIMEOUT_MS),
    });
    const text = await response.text();
    if (!response.ok)
      throw new AppError('unavailable', `Slack refused the response (HTTP ${response.status}: ${text})`);
  }
}
