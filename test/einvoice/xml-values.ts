/** The text of every `<tag ...>text</tag>` in document order (for flat leaf elements). */
export function values(xml: string, tag: string): string[] {
  const pattern = new RegExp(`<${tag}(?: [^>]*)?>([^<]*)</${tag}>`, 'g');
  return [...xml.matchAll(pattern)].map((match) => match[1] ?? '');
}

/** The value of `attribute` on every `<tag ...>` in document order. */
export function attributes(xml: string, tag: string, attribute: string): string[] {
  const pattern = new RegExp(`<${tag} [^>]*\\b${attribute}="([^"]*)"`, 'g');
  return [...xml.matchAll(pattern)].map((match) => match[1] ?? '');
}
