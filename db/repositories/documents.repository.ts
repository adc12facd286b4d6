import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { DocumentFormat } from '../../domain/documents/formats';
import type { Database, Transaction } from '../client';
import { invoiceDocuments } from '../schema';

export type { DocumentFormat } from '../../domain/documents/formats';

export interface StoredDocument {
  content: Buffer;
  sha256: string;
}

/**
 * Stores a rendered document once: the first rendering wins, and a retried or concurrent
 * rendering gets the stored bytes back, so every reader (API, email) serves the same file.
 */
export async function saveDocument(
  db: Database | Transaction,
  documentId: string,
  format: DocumentFormat,
  content: Buffer,
): Promise<StoredDocument> {
  await db
    .insert(invoiceDocuments)
    .values({
      documentId,
      format,
      content,
      sha256: createHash('sha256').update(content).digest('hex'),
    })
    .onConflictDoNothing();
  const stored = await loadDocument(db, documentId, format);
  if (!stored) throw new Error(`document ${documentId}.${format} vanished after insert`);
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
