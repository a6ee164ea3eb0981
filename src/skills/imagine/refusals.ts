import { AppError } from '../../errors.js';
import { notices, refusals } from '../refusal.js';
import { humanSeconds, type Refusal as QueueRefusal } from './fair-image-queue.js';

/** /imagine's refusals (`skill.imagine.*`), worded in the reader's language at the edge. */
export const refuse = refusals('imagine');
/** Its notices (queue place, drawing, cancelled, deleted) in the caller's language. */
export const notice = notices('imagine');

/** The queue's refusal (a job already on the way, the daily quota used up) as the skill tells it. */
export function queueRefusal(refusal: QueueRefusal): AppError {
  const wait = humanSeconds(refusal.retryAfterSeconds);
  const options = { retryAfterSec: refusal.retryAfterSeconds };
  if (refusal.reason === 'daily_quota') {
    return new AppError('quota_exceeded', refusal.message, {
      ...options,
      text: { key: 'skill.imagine.dailyQuota', args: { quota: refusal.limit, wait } },
    });
  }
  // Chat names the soonest of the person's jobs; the API's English message lists them all.
  const args = { count: refusal.jobIds.length, position: String(refusal.position), wait };
  return new AppError('busy', refusal.message, { ...options, text: { key: 'skill.imagine.onTheWay', args } });
}
