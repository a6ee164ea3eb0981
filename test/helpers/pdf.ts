import { deflateSync } from 'node:zlib';

export interface PdfOptions {
  /** Compress each page's content stream (FlateDecode), as most PDF writers do. */
  deflate?: boolean;
  /** Spaces appended to each content stream before it is compressed: a stream that inflates to this many bytes. */
  padding?: number;
}

/**
 * A minimal valid PDF written by hand: one Helvetica text line per entry of each page, an xref table with the
 * real byte offsets, and an Info dictionary with the title when given.
 */
export function makePdf(pages: string[][], title?: string, options: PdfOptions = {}): Uint8Array {
  const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const fontId = 3 + pages.length * 2;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pages.map((_, i) => `${3 + i * 2} 0 R`).join(' ')}] /Count ${pages.length} >>`,
  ];
  pages.forEach((lines, i) => {
    const ops = lines.map((line, n) => `${n === 0 ? '72 720 Td' : '0 -20 Td'} (${esc(line)}) Tj`).join('\n');
    let content = `BT /F1 12 Tf\n${ops}\nET`;
    if (options.padding) content += ' '.repeat(options.padding);
    if (options.deflate || options.padding) content = deflateSync(Buffer.from(content, 'latin1')).toString('latin1');
    const filter = options.deflate || options.padding ? ' /Filter /FlateDecode' : '';
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${fontId} 0 R >> >> /Contents ${4 + i * 2} 0 R >>`,
      `<< /Length ${Buffer.byteLength(content, 'latin1')}${filter} >>\nstream\n${content}\nendstream`,
    );
  });
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  if (title) objects.push(`<< /Title (${esc(title)}) /Producer (extract.test.ts) >>`);
  let out = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const offset = Buffer.byteLength(out, 'latin1');
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  const info = title ? ` /Info ${objects.length} 0 R` : '';
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${info} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}
