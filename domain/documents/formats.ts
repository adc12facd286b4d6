/** The files stored for each final document: rendered once, served as stored. */
export const DOCUMENT_FORMATS = ['pdf', 'html', 'ubl'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];
