/**
 * What the bot describes without being asked, per channel: 'alt-text' (images posted without a description get a
 * short machine-written caption, once per image) or 'off' (the default; /describe and "Describe image" still work).
 */
export const AUTO_DESCRIBE_MODES = ['alt-text', 'off'] as const;
export type AutoDescribe = (typeof AUTO_DESCRIBE_MODES)[number];

/** The setting as the skill reads and changes it (store/auto-describe.ts keeps it). */
export interface AutoDescribeControl {
  /** Whether images posted in this channel without a description get alt text. */
  wants(tenantId: string, channelId: string): Promise<boolean>;
  /** `scope`: a channel id, or '' for the whole server. */
  set(tenantId: string, scope: string, mode: AutoDescribe): Promise<void>;
}
