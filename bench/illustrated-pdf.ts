import { seededRandom } from './clustered-vectors.js';

/**
 * A PDF as reports come: `pages` pages, each with `lines` lines of text and one photo-like image (random pixels, so
 * they do not compress, `imageBytes` each). The images make up the file's size, as in real 20 MB PDFs, while the
 * text stays within what the server extracts by default (PARSE_MAX_CHARS). Written by hand like test/helpers/pdf.ts:
 * an xref table with the real byte offsets.
 */
export function illustratedPdf(pages: number, lines: (page: number) => string[], imageBytes: number): Uint8Array {
  const random = seededRandom(20);
  const side = Math.max(1, Math.floor(Math.sqrt(imageBytes / 3)));
  const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const fontId = 3 + pages * 3;
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>', 'latin1'),
    Buffer.from(
      `<< /Type /Pages /Kids [${Array.from({ length: pages }, (_, i) => `${3 + i * 3} 0 R`).join(' ')}] /Count ${pages} >>`,
      'latin1',
    ),
  ];
  for (let p = 0; p < pages; p++) {
    const [content, image] = [4 + p * 3, 5 + p * 3];
    const text = lines(p)
      .map((line, n) => `${n === 0 ? '72 720 Td' : '0 -14 Td'} (${esc(line)}) Tj`)
      .join('\n');
    const ops = `q 200 0 0 200 340 72 cm /Im${p} Do Q\nBT /F1 10 Tf\n${text}\nET`;
    const pixels = Buffer.alloc(side * side * 3);
    for (let i = 0; i < pixels.length; i++) pixels[i] = Math.floor(random.next() * 256);
    objects.push(
      Buffer.from(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${fontId} 0 R >> ` +
          `/XObject << /Im${p} ${image} 0 R >> >> /Contents ${content} 0 R >>`,
        'latin1',
      ),
      Buffer.from(`<< /Length ${Buffer.byteLength(ops, 'latin1')} >>\nstream\n${ops}\nendstream`, 'latin1'),
      Buffer.concat([
        Buffer.from(
          `<< /Type /XObject /Subtype /Image /Width ${side} /Height ${side} /ColorSpace /DeviceRGB ` +
            `/BitsPerComponent 8 /Length ${pixels.length} >>\nstream\n`,
          'latin1',
        ),
        pixels,
        Buffer.from('\nendstream', 'latin1'),
      ]),
    );
  }
  objects.push(Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'));
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n', 'latin1')];
  let length = parts[0]?.length ?? 0;
  const offsets = objects.map((body, i) => {
    const offset = length;
    const part = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    parts.push(part);
    length += part.length;
    return offset;
  });
  const xref = [
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`,
    ...offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`),
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`,
  ].join('');
  parts.push(Buffer.from(xref, 'latin1'));
  return new Uint8Array(Buffer.concat(parts));
}
