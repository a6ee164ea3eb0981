import { vi } from 'vitest';

/** Runs an in-process command, capturing what it writes to stdout and stderr (restored afterwards, even on failure). */
export async function captureOutput(
  command: () => Promise<number>,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const capture = (append: (text: string) => void) => (chunk: unknown) => {
    append(String(chunk));
    return true;
  };
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture((t) => (out += t)));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture((t) => (err += t)));
  try {
    return { code: await command(), out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}
