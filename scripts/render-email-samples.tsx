import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { renderDocumentFiles } from '../services/render-documents';
import { createBrowserPool } from '../adapters/pdf';
import { toInvoiceViewModel } from '../domain/documents/view-model';
import { renderInvoiceEmail, renderInvoiceHtml } from '../emails/render';
import { SAMPLE_DOCUMENTS } from '../emails/samples';

/**
 * Renders every template with every sample document to .out/email-samples/ (HTML, email,
 * PDF), to look at: `npm run render:emails`. The first page of the EUR sample becomes the
 * README's picture (docs/images/invoice-sample.png, through poppler's pdftoppm).
 */
async function main(): Promise<void> {
  const outDir = resolve(__dirname, '..', '.out', 'email-samples');
  await mkdir(outDir, { recursive: true });
  const pool = createBrowserPool({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    size: 1,
  });
  for (const [name, doc] of Object.entries(SAMPLE_DOCUMENTS)) {
    const vm = toInvoiceViewModel(doc, {
      invoiceUrl: `https://billing.example/invoices/${doc.id}`,
    });
    const documentPath = join(outDir, `${name}.document.html`);
    await writeFile(documentPath, await renderInvoiceHtml(vm));
    const email = await renderInvoiceEmail(vm);
    const emailPath = join(outDir, `${name}.email.html`);
    const textPath = join(outDir, `${name}.email.txt`);
    await writeFile(emailPath, email.html);
    await writeFile(textPath, `Subject: ${email.subject}\n\n${email.text}\n`);
    const { pdf } = await renderDocumentFiles(
      { pdf: pool, publicBaseUrl: 'https://billing.example' },
      doc,
    );
    const pdfPath = join(outDir, `${name}.pdf`);
    await writeFile(pdfPath, pdf);
    console.log([documentPath, emailPath, textPath, pdfPath].join('\n'));
    if (name === 'eur-invoice') {
      const image = resolve(__dirname, '..', 'docs', 'images', 'invoice-sample');
      await mkdir(resolve(image, '..'), { recursive: true });
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '80',
        '-f',
        '1',
        '-l',
        '1',
        '-singlefile',
        pdfPath,
        image,
      ]);
      console.log(`${image}.png`);
    }
  }
  await pool.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
