/**
 * What the bot transcribes without being asked, per channel: 'voice' (the default) voice messages and Slack audio
 * clips, 'all' any audio attachment too, 'off' nothing (/transcribe and the "Transcribe" action still work).
 */
export const AUTO_TRANSCRIBE_MODES = ['voice', 'all', 'off'] as const;
export type AutoTranscribe = (typeof AUTO_TRANSCRIBE_MODES)[number];

/** The setting as the skill reads and changes it (store/auto-transcribe.ts keeps it). */
export interface AutoTranscribeControl {
  /** Whether a voice note (`upload`: an attached audio file rather than a recorded voice message) is transcribed. */
  wants(tenantId: string, channelId: string, upload: boolean): Promise<boolean>;
  /** `scope`: a channel id, or '' for the whole server. */
  set(tenantId: string, scope: string, mode: AutoTranscribe): Promise<void>;
}
