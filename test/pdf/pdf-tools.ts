import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The Chromium the tests render with (the same default as the worker's config). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Runs a poppler tool on the PDF (written to a temp file) and returns its stdout. */
async function poppler(tool: string, args: string[], pdf: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pdf-test-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], {
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, TZ: 'UTC' },
    });
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** pdftotext -layout, one string per page (poppler ends every page with a form feed). */
export async function pdfPages(pdf: Buffer): Promise<string[]> {
  const text = await poppler('pdftotext', ['-layout', '-enc', 'UTF-8'], pdf);
  return text.split('\f').slice(0, -1);
}

/** pdfinfo fields as a map: { Title: '...', Pages: '3', CreationDate: '2026-...Z' }. */
export async function pdfInfo(pdf: Buffer): Promise<Record<string, string>> {
  const text = await poppler('pdfinfo', ['-isodates'], pdf);
  return Object.fromEntries(
    text
      .split('\n')
      .map((line) => /^([^:]+):\s*(.*)$/.exec(line))
      .filter((match) => match !== null)
      .map((match) => [match[1] ?? '', match[2] ?? '']),
  );
}

export interface PdfFont {
  name: string;
  embedded: boolean;
}

/** pdffonts rows: the name column and the "emb" column. */
export async function pdfFonts(pdf: Buffer): Promise<PdfFont[]> {
  const lines = (await poppler('pdffonts', [], pdf)).split('\n').slice(2);
  return lines
    .filter((line) => line.trim() !== '')
    .map((line) => {
      // name type encoding emb sub uni object-id: emb is the 5th column from the end.
      const columns = line.trim().split(/\s+/);
      return { name: columns[0] ?? '', embedded: columns.at(-5) === 'yes' };
    });
}
