/** About 250–400 word pieces for most scripts: inside a 512-token encoder window with room to spare. */
export const WINDOW_CHARS = 1000;

export interface TextWindow {
  /** Offset of the window in the original text. */
  start: number;
  text: string;
}

/**
 * Cuts a long text into consecutive windows an encoder can take whole, at a sentence end when there is one in
 * the second half of the window, else a line break, else a space. Windows tile the text exactly: concatenated,
 * they are the text, so offsets found in a window map back by adding its start.
 */
export function textWindows(text: string, maxChars = WINDOW_CHARS): TextWindow[] {
  const windows: TextWindow[] = [];
  let start = 0;
  while (text.length - start > maxChars) {
    const slice = text.slice(start, start + maxChars);
    const cut = lastBreak(slice, maxChars / 2);
    windows.push({ start, text: slice.slice(0, cut) });
    start += cut;
  }
  windows.push({ start, text: text.slice(start) });
  return windows;
}

function lastBreak(slice: string, min: number): number {
  for (const pattern of [/[.!?。！？]\s/g, /\n/g, /\s/g]) {
    let best = -1;
    for (const match of slice.matchAll(pattern)) best = match.index + match[0].length;
    if (best >= min) return best;
  }
  return slice.length;
}
