import type { DocumentParty } from '../documents/invoice-document';

/**
 * Peppol EAS (Electronic Address Scheme) codes of national VAT numbers, by the country of
 * the VAT id's prefix ("DE123456789" -> 9930). From the EAS code list that Peppol BIS 3
 * validates against (rule PEPPOL-EN16931-CL008).
 */
const VAT_SCHEMES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    AD: '9922',
    AL: '9923',
    AT: '9914',
    BA: '9924',
    BE: '9925',
    BG: '9926',
    CH: '9927',
    CY: '9928',
    CZ: '9929',
    DE: '9930',
    EE: '9931',
    EL: '9933',
    ES: '9920',
    FR: '9957',
    GB: '9932',
    GR: '9933',
    HR: '9934',
    HU: '9910',
    IE: '9935',
    IT: '0211',
    LI: '9936',
    LT: '9937',
    LU: '9938',
    LV: '9939',
    MC: '9940',
    ME: '9941',
    MK: '9942',
    MT: '9943',
    NL: '9944',
    PL: '9945',
    PT: '9946',
    RO: '9947',
    RS: '9948',
    SI: '9949',
    SK: '9950',
    SM: '9951',
    TR: '9952',
    VA: '9953',
  }),
);

/**
 * A party's electronic address (BT-34 / BT-49, EndpointID): where a Peppol Access Point
 * delivers the document. We store no Peppol participant id, so it is derived from what we
 * have: the VAT number under its country's EAS VAT scheme (the id most European
 * participants are registered under), else the e-mail address under "EM". EM is the
 * scheme that carries e-mail in the EAS list's older editions, and the only one we can
 * fill for a party without a VAT id; current Peppol rules (CL008) no longer accept it, so
 * such a party needs a Peppol id before the document can travel over Peppol, while
 * e-mail and ERP delivery still get a well-formed UBL. null when we have neither.
 */
export function endpointOf(
  subject: DocumentParty,
  vatId: string | null,
): { schemeID: string; id: string } | null {
  const scheme = vatId === null ? undefined : VAT_SCHEMES.get(vatId.slice(0, 2).toUpperCase());
  if (vatId !== null && vatId !== '' && scheme !== undefined)
    return { schemeID: scheme, id: vatId };
  if (subject.email !== null && subject.email !== '') return { schemeID: 'EM', id: subject.email };
  return null;
}
