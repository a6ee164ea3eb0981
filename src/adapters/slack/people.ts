import type { WebClient } from '@slack/web-api';
import { plainText, unlabelledMentions } from './plain-text.js';

/** How long what Slack said of a person is trusted: admins, names and languages change rarely. */
const TTL_MS = 10 * 60_000;

interface Person {
  admin: boolean;
  /** The user's Slack locale (`ja-JP`), or undefined when Slack would not say. */
  locale: string | undefined;
  /** What people see: the display name, else the real name or handle; undefined for a user Slack won't describe. */
  name: string | undefined;
}

/**
 * What the bot needs to know of a Slack user, from one users.info call per user per 10 minutes (calls for the same
 * user at the same moment share one): workspace admins and owners moderate, the user's language words the bot's
 * replies, and their name stands for their id in text people read (summaries, translations, mentions).
 */
export class SlackPeople {
  private readonly known = new Map<string, { person: Promise<Person>; until: number }>();

  constructor(private readonly client: WebClient) {}

  async isAdmin(userId: string): Promise<boolean> {
    return (await this.person(userId)).admin;
  }

  async locale(userId: string): Promise<string | undefined> {
    return (await this.person(userId)).locale;
  }

  async name(userId: string): Promise<string | undefined> {
    return (await this.person(userId)).name;
  }

  /** A message's text as people read it, mentioned users by name (see plain-text.ts). */
  async readable(text: string): Promise<string> {
    return plainText(text, await this.names(unlabelledMentions(text)));
  }

  /** The names of these users, looked up together (an id Slack won't describe maps to undefined). */
  async names(userIds: Iterable<string>): Promise<Map<string, string | undefined>> {
    return new Map(await Promise.all([...userIds].map(async (id) => [id, await this.name(id)] as const)));
  }

  private person(userId: string): Promise<Person> {
    const cached = this.known.get(userId);
    if (cached && cached.until > Date.now()) return cached.person;
    const person = this.ask(userId);
    this.known.set(userId, { person, until: Date.now() + TTL_MS });
    return person;
  }

  private async ask(userId: string): Promise<Person> {
    // Without users:read, or for a user deleted meanwhile, nobody is an admin and the id stands in for the name.
    // A failed call is not remembered: the next question asks again (a moderator is not one-off rate-limited away).
    const info = await this.client.users.info({ user: userId, include_locale: true }).catch(() => {
      this.known.delete(userId);
      return undefined;
    });
    const user = info?.user;
    const profile = user?.profile;
    return {
      admin: Boolean(user?.is_admin || user?.is_owner),
      locale: user?.locale,
      name: profile?.display_name || profile?.real_name || user?.real_name || user?.name || undefined,
    };
  }
}
