import { z } from 'zod';
import { COUPON_PERCENTAGE_PATTERN, couponSchema } from '../../api/schemas/coupon';
import { CURRENCIES } from '../../api/schemas/currency';
import { customerSchema, LOCALE_PATTERN } from '../../api/schemas/customer';
import { RFC3339_PATTERN } from '../../api/schemas/instant';
import { DECIMAL_PATTERN } from '../../api/schemas/price-model';
import { planSchema } from '../../api/schemas/plan';
import { TAX_PERCENTAGE_PATTERN } from '../../api/schemas/tax-rate';
import { TIME_ZONES } from '../../api/schemas/time-zone';
import { isValidTimeZone } from '../../domain/calendar';
import { Decimal, isDecimalString, MAX_DECIMAL_LENGTH } from '../../domain/decimal';
import { currencyExponent } from '../../domain/money';
import { parseRfc3339 } from '../../domain/time';

/** A small deterministic generator (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function strings(alphabet: string, count: number, maxLength: number, seed = 1): string[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    const length = Math.floor(next() * (maxLength + 1));
    let s = '';
    for (let i = 0; i < length; i += 1) s += alphabet.charAt(Math.floor(next() * alphabet.length));
    return s;
  });
}

describe('the JSON Schema rules match the checks they replace', () => {
  it('RFC3339_PATTERN accepts exactly what parseRfc3339 parses, for years 1000 to 9998', () => {
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    const mismatches: string[] = [];
    for (let year = 0; year <= 9999; year += 1) {
      for (const month of [0, 1, 2, 4, 12, 13]) {
        for (const day of [0, 1, 28, 29, 30, 31, 32]) {
          const value = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T00:00:00Z`;
          const expected = year >= 1000 && year <= 9998 && parseRfc3339(value) !== null;
          if (RFC3339_PATTERN.test(value) !== expected) mismatches.push(value);
        }
      }
    }
    const times = [
      '2026-01-01t00:00:00z',
      '2026-01-01T23:59:59.123456789+23:59',
      '2026-01-01T23:59:59.1234567891Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T23:60:00Z',
      '2026-01-01T23:59:60Z',
      '2026-01-01T00:00:00+24:00',
      '2026-01-01T00:00:00+23:60',
      '2026-01-01T00:00:00-00:00',
      '2026-01-01T00:00:00.Z',
      '2026-01-01 00:00:00Z',
      '2026-01-01T00:00Z',
      '2026-01-01T00:00:00+0100',
    ];
    for (const value of times) {
      if (RFC3339_PATTERN.test(value) !== (parseRfc3339(value) !== null)) mismatches.push(value);
    }
    expect(mismatches).toEqual([]);
  });

  it('DECIMAL_PATTERN and the length limit are isDecimalString', () => {
    const values = [
      ...strings('0123456789.-e', 20_000, 8),
      '1'.repeat(MAX_DECIMAL_LENGTH),
      '1'.repeat(MAX_DECIMAL_LENGTH + 1),
    ];
    const mismatches = values.filter(
      (v) => (DECIMAL_PATTERN.test(v) && v.length <= MAX_DECIMAL_LENGTH) !== isDecimalString(v),
    );
    expect(mismatches).toEqual([]);
  });

  it.each([
    ['tax rates: 0 to 100', TAX_PERCENTAGE_PATTERN, (d: Decimal) => d.gte(0)],
    ['coupons: above 0, at most 100', COUPON_PERCENTAGE_PATTERN, (d: Decimal) => d.gt(0)],
  ])('the percentage pattern of %s, at most 6 decimals', (_name, pattern, lower) => {
    const values = [
      ...strings('0123456789.', 50_000, 12, 7),
      '100.000000000',
      '5.5000000',
      '0.0000001',
    ];
    const rule = (v: string) =>
      isDecimalString(v) &&
      lower(new Decimal(v)) &&
      new Decimal(v).lte(100) &&
      new Decimal(v).decimalPlaces() <= 6;
    expect(values.filter((v) => pattern.test(v) !== rule(v))).toEqual([]);
  });

  it('every listed time zone is one the calendar accepts, UTC included', () => {
    expect(TIME_ZONES.filter((zone) => !isValidTimeZone(zone))).toEqual([]);
    expect(TIME_ZONES).toEqual(expect.arrayContaining(['UTC', 'Europe/Berlin']));
  });

  it('every listed currency has an exponent', () => {
    expect(CURRENCIES.filter((code) => !Number.isInteger(currencyExponent(code)))).toEqual([]);
  });

  it('every locale the pattern accepts is one Intl accepts', () => {
    const isLocale = (v: string) => {
      try {
        return Intl.getCanonicalLocales(v).length === 1;
      } catch {
        return false;
      }
    };
    const values = [
      ...strings('abcdeXYZ019-', 50_000, 16, 3),
      'de-DE',
      'zh-Hant-TW',
      'es-419',
      'de-DE-1996',
    ];
    const accepted = values.filter((v) => LOCALE_PATTERN.test(v));
    expect(accepted.filter((v) => !isLocale(v))).toEqual([]);
    expect(accepted).toEqual(expect.arrayContaining(['de-DE', 'zh-Hant-TW', 'es-419']));
  });
});

describe('the request schemas state their rules in JSON Schema', () => {
  const json = (schema: z.ZodType) =>
    JSON.stringify(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));

  it('customers: currency and time zone enums, instant and id patterns, non-empty lines', () => {
    const doc = z.toJSONSchema(customerSchema, { io: 'input', unrepresentable: 'any' }) as any;
    expect(doc.properties.currency.enum).toEqual(CURRENCIES);
    expect(doc.properties.timezone.enum).toEqual(TIME_ZONES);
    expect(doc.properties.billingAnchor.pattern).toEqual(RFC3339_PATTERN.source);
    expect(doc.properties.id.pattern).toEqual(expect.any(String));
    expect(doc.properties.address.properties.lines.items.minLength).toEqual(1);
    expect(doc.properties.vatId.pattern).toEqual('^[A-Z0-9]{2,20}$');
  });

  it('plans: price models are a oneOf with a const type each; tiers and decimals carry their rules', () => {
    const doc = json(planSchema);
    expect(doc).toContain('"oneOf"');
    expect(doc).toContain(JSON.stringify(DECIMAL_PATTERN.source));
    expect(doc).toContain('"not":{"required":["measure","unit"]');
  });

  it('coupons: durationPeriods exactly with a repeating duration', () => {
    const doc = z.toJSONSchema(couponSchema, { io: 'input', unrepresentable: 'any' }) as any;
    expect(doc.then).toEqual({ required: ['durationPeriods'] });
    expect(doc.else).toEqual({ not: { required: ['durationPeriods'] } });
  });
});
