import type { DocumentParty, PaymentInstructions } from './invoice-document';

export interface PartyView {
  name: string;
  addressLines: string[];
  /** The country's English name ("Germany"); the code itself when Intl does not know it. */
  country: string;
  /** "VAT ID DE123456789", or null. */
  vatId: string | null;
  email: string | null;
}

export interface LabelledValue {
  label: string;
  value: string;
}

export interface PaymentView {
  /** IBAN, BIC and the reference to quote, in print order. */
  rows: LabelledValue[];
  note: string | null;
}

// Labels are English (documents are English for now); only numbers and dates follow locale.
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

function countryName(code: string): string {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    // Not a well-formed region code: print what the party record says.
    return code;
  }
}

export function toPartyView(party: DocumentParty): PartyView {
  return {
    name: party.name,
    addressLines: [...party.addressLines],
    country: countryName(party.countryCode),
    vatId: party.vatId === null ? null : `VAT ID ${party.vatId}`,
    email: party.email,
  };
}

/** "DE89370400440532013000" -> "DE89 3704 0044 0532 0130 00", as banks print it. */
export function groupIban(iban: string): string {
  return iban
    .replace(/\s+/g, '')
    .replace(/(.{4})(?=.)/g, '$1 ')
    .toUpperCase();
}

/** What to print under "Payment"; null when there is nothing to say. */
export function toPaymentView(
  instructions: PaymentInstructions,
  reference: string,
): PaymentView | null {
  const rows: LabelledValue[] = [];
  if (instructions.iban !== null) rows.push({ label: 'IBAN', value: groupIban(instructions.iban) });
  if (instructions.bic !== null) rows.push({ label: 'BIC', value: instructions.bic });
  if (rows.length === 0 && instructions.note === null) return null;
  rows.push({ label: 'Reference', value: reference });
  return { rows, note: instructions.note };
}
