import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { DocumentFormat } from '../../domain/documents/formats';
import type { Database, Transaction } from '../client';
import { invoiceDocuments } from '../schema';

export type { DocumentFormat } from '../../domain/documents/formats';

export interface StoredDocument {
  content: Buffer;
  sha256: string;
}

/**
 * Stores the renderings of one document in one statement (all or none, like a transaction),
 * each format once: the first rendering wins, and a retried or concurrent rendering gets the
 * stored sha256 back, so every reader (API, email) serves the same file. Returns each
 * format's stored sha256, ours or the earlier rendering's; rows are read back only for the
 * formats stored before.
 */
export async function saveDocuments(
  db: Database | Transaction,
  documentId: string,
  files: readonly { format: DocumentFormat; content: Buffer }[],
): Promise<Map<DocumentFormat, string>> {
  const inserted = await db
    .insert(invoiceDocuments)
    .values(
      files.map(({ format, content }) => ({
        documentId,
        format,
        content,
        sha256: createHash('sha256').update(content).digest('hex'),
      })),
    )
    .onConflictDoNothing()
    .returning({ format: invoiceDocuments.format, sha256: invoiceDocuments.sha256 });
  const stored = new Map(inserted.map((row) => [row.format, row.sha256]));
  const earlier = files.map((file) => file.format).filter((format) => !stored.has(format));
  if (earlier.length > 0) {
    const rows = await db
      .select({ format: invoiceDocuments.format, sha256: invoiceDocuments.sha256 })
      .from(invoiceDocuments)
      .where(
        and(eq(invoiceDocuments.documentId, documentId), inArray(invoiceDocuments.format, earlier)),
      );
    for (const row of rows) stored.set(row.format, row.sha256);
  }
  for (const { format } of files) {
    if (!stored.has(format))
      throw new Error(`document ${documentId}.${format} vanished after insert`);
  }
  return stored;
}

export async function loadDocument(
  db: Database | Transaction,
  documentId: string,
  format: DocumentFormat,
): Promise<StoredDocument | null> {
  const [row] = await db
    .select({ content: invoiceDocuments.content, sha256: invoiceDocuments.sha256 })
    .from(invoiceDocuments)
    .where(and(eq(invoiceDocuments.documentId, documentId), eq(invoiceDocuments.format, format)));
  return row ?? null;
}
