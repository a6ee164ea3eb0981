import { prepareEmbeddedTemplate } from '../../src/db/client.js';
import { skipReason } from './requires.js';

/** Every test opens fresh embedded databases; the template makes each open take under 1 s instead of ~3 s. */
export default async function setup(): Promise<void> {
  await prepareEmbeddedTemplate();
  if (!process.env.DATABASE_URL) {
    console.warn(
      `[tests] ${skipReason('DATABASE_URL is unset')}: the Postgres variants of the storage tests are skipped.`,
    );
  }
}
