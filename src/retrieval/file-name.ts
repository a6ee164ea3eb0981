/** A link's last path segment, decoded: the file name it names (undefined for none or an undecodable one). */
export function fileNameOfUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').at(-1) ?? '') || undefined;
  } catch {
    return undefined;
  }
}
