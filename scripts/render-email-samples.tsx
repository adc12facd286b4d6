import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { toInvoiceViewModel } from '../domain/documents/view-model';
import { renderInvoiceEmail, renderInvoiceHtml } from '../emails/render';
import { SAMPLE_DOCUMENTS } from '../emails/samples';

/**
 * Renders every template with every sample document to .out/email-samples/, to look at in a
 * browser or to print: `npm run render:emails`.
 */
async function main(): Promise<void> {
  const outDir = resolve(__dirname, '..', '.out', 'email-samples');
  await mkdir(outDir, { recursive: true });
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
    console.log([documentPath, emailPath, textPath].join('\n'));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
