import { randomBytes } from 'node:crypto';

/** Short, copyable ids for runs and errors ("error id: k3X9pQ2a"); 48 random bits. */
export function newRunId(): string {
  return randomBytes(6).toString('base64url');
}
