import { z } from 'zod';
import type { DocumentKind } from '../../domain/billing-events';
import { DOCUMENT_FORMATS, type DocumentFormat } from '../../domain/documents/formats';
import { getDocument } from '../../services/get-document';
import { defineRoute, type Route } from '../contract/route';

const MEDIA_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  html: 'text/html',
  ubl: 'application/xml',
};
const CONTENT_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  ubl: 'application/xml; charset=utf-8',
};
const EXTENSIONS: Record<DocumentFormat, string> = { pdf: 'pdf', html: 'html', ubl: 'xml' };
const FORMAT_NAMES: Record<DocumentFormat, string> = {
  pdf: 'PDF',
  html: 'HTML',
  ubl: 'UBL e-invoice (EN 16931)',
};

const BASES: { kind: DocumentKind; path: string; tag: string; noun: string }[] = [
  { kind: 'invoice', path: '/v1/invoices/{id}', tag: 'Invoices', noun: 'final invoice' },
  { kind: 'credit_note', path: '/v1/credit-notes/{id}', tag: 'Credit notes', noun: 'credit note' },
];

function documentRoute(base: (typeof BASES)[number], format: DocumentFormat): Route {
  return defineRoute({
    method: 'get',
    path: `${base.path}/${format}`,
    tag: base.tag,
    summary: `The ${FORMAT_NAMES[format]} of a ${base.noun}`,
    description:
      'The bytes rendered once after finalization (the PDF that was emailed is the PDF ' +
      'served); a draft has none yet (404 document_not_ready).',
    access: 'customer',
    params: z.object({ id: z.string() }),
    responses: {
      200: { description: `The ${FORMAT_NAMES[format]}`, contentType: MEDIA_TYPES[format] },
    },
    errors: [404],
    handle: async ({ params, principal }, deps) => {
      const { number, content, sha256 } = await getDocument(deps.database.db, principal, {
        kind: base.kind,
        id: params.id,
        format,
      });
      const disposition = format === 'html' ? 'inline' : 'attachment';
      return {
        status: 200,
        body: content,
        contentType: CONTENT_TYPES[format],
        headers: {
          etag: `"${sha256}"`,
          'content-disposition': `${disposition}; filename="${number}.${EXTENSIONS[format]}"`,
        },
      };
    },
  });
}

/** The stored documents of final invoices and credit notes: PDF, HTML and UBL. */
export const documentRoutes: Route[] = BASES.flatMap((base) =>
  DOCUMENT_FORMATS.map((format) => documentRoute(base, format)),
);
