/**
 * A tiny XML writer for the e-invoices: a tree of elements with text or children, printed
 * with two-space indentation. Elements without content are left out rather than written
 * empty, because Peppol BIS 3 rejects empty elements (PEPPOL-EN16931-R008), and UBL's
 * optional elements are simply absent when we have nothing to say.
 */
export interface XmlElement {
  name: string;
  attributes: Readonly<Record<string, string>>;
  /** Text content, or null when the element holds `children`. */
  text: string | null;
  children: readonly XmlElement[];
}

type Child = XmlElement | null | undefined;

/** An element holding text; null (left out) when the text is null or empty. */
export function leaf(
  name: string,
  text: string | null | undefined,
  attributes: Record<string, string> = {},
): XmlElement | null {
  if (text === null || text === undefined || text === '') return null;
  return { name, attributes, text, children: [] };
}

/** An element holding elements; null (left out) when none of them is present. */
export function branch(
  name: string,
  children: readonly Child[],
  attributes: Record<string, string> = {},
): XmlElement | null {
  const present = children.filter((child): child is XmlElement => child != null);
  if (present.length === 0) return null;
  return { name, attributes, text: null, children: present };
}

/**
 * Characters XML 1.0 cannot carry at all (C0 controls but tab, LF and CR; lone surrogates;
 * U+FFFE and U+FFFF). They can only come from bad master data (a name pasted with a control
 * character); dropping them keeps the document well-formed, which is the lesser harm than
 * an ERP sync that can never succeed.
 */
const NOT_XML_CHAR =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for element content and double-quoted attribute values. */
export function escapeXml(value: string): string {
  return value
    .replace(NOT_XML_CHAR, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function attributesOf(element: XmlElement): string {
  return Object.entries(element.attributes)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
}

function print(element: XmlElement, indent: string, out: string[]): void {
  const open = `${indent}<${element.name}${attributesOf(element)}`;
  if (element.text !== null) {
    out.push(`${open}>${escapeXml(element.text)}</${element.name}>`);
    return;
  }
  out.push(`${open}>`);
  for (const child of element.children) print(child, `${indent}  `, out);
  out.push(`${indent}</${element.name}>`);
}

/** The document element: always present, whatever its children. */
export function root(
  name: string,
  children: readonly Child[],
  attributes: Record<string, string>,
): XmlElement {
  const present = children.filter((child): child is XmlElement => child != null);
  return { name, attributes, text: null, children: present };
}

/** The document with its XML declaration, LF line ends and a final newline. */
export function serializeXml(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  print(root, '', out);
  return `${out.join('\n')}\n`;
}
