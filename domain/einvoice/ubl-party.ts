import type { DocumentParty } from '../documents/invoice-document';
import { endpointOf } from './endpoint';
import { branch, leaf, type XmlElement } from './xml';

/** "10117 Berlin", "75001 Paris", "1010 Wien": the postal code first, as across the EU. */
const POSTCODE_CITY = /^(\d{4,6})\s+(.+)$/;

/**
 * Our addresses are printed lines (["Friedrichstr. 1", "Hinterhaus", "10117 Berlin"]);
 * UBL wants fields. The first line is the street (BT-35), the last the city (BT-37), split
 * into postal code (BT-38) and city when it has the "<digits> <city>" form, else kept whole
 * as the city ("London SW1A 1AA", "San Francisco, CA 94105"). A second line becomes
 * AdditionalStreetName (BT-36); further lines are joined into the one AddressLine (BT-162)
 * Peppol allows. A single line is the street. The country (BT-40) is always present.
 */
export function postalAddress(
  addressLines: readonly string[],
  countryCode: string,
): XmlElement | null {
  const lines = addressLines.map((line) => line.trim()).filter((line) => line !== '');
  const [street, ...rest] = lines;
  const cityLine = rest.length > 0 ? rest[rest.length - 1] : undefined;
  const middle = rest.slice(0, -1);
  const postcodeCity = cityLine === undefined ? null : POSTCODE_CITY.exec(cityLine);
  return branch('cac:PostalAddress', [
    leaf('cbc:StreetName', street),
    leaf('cbc:AdditionalStreetName', middle[0]),
    leaf('cbc:CityName', postcodeCity === null ? cityLine : postcodeCity[2]),
    leaf('cbc:PostalZone', postcodeCity?.[1]),
    branch('cac:AddressLine', [leaf('cbc:Line', middle.slice(1).join(', '))]),
    branch('cac:Country', [leaf('cbc:IdentificationCode', countryCode)]),
  ]);
}

/**
 * A seller or buyer Party (BG-4 / BG-7): electronic address (see endpointOf), postal
 * address, VAT id (BT-31 / BT-48) and legal name (BT-27 / BT-44). `partyId` (BT-46, the
 * buyer identifier) carries our customer id for ERP matching.
 */
export function party(
  subject: DocumentParty,
  options: { includeVatId: boolean; partyId?: string },
): XmlElement | null {
  const vatId = options.includeVatId ? subject.vatId : null;
  const endpoint = endpointOf(subject, vatId);
  return branch('cac:Party', [
    endpoint === null ? null : leaf('cbc:EndpointID', endpoint.id, { schemeID: endpoint.schemeID }),
    branch('cac:PartyIdentification', [leaf('cbc:ID', options.partyId)]),
    postalAddress(subject.addressLines, subject.countryCode),
    vatId === null || vatId === ''
      ? null
      : branch('cac:PartyTaxScheme', [
          leaf('cbc:CompanyID', vatId),
          branch('cac:TaxScheme', [leaf('cbc:ID', 'VAT')]),
        ]),
    branch('cac:PartyLegalEntity', [leaf('cbc:RegistrationName', subject.name)]),
  ]);
}
