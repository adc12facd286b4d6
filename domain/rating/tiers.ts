import { Decimal } from '../decimal';
import type { Tier } from './types';

/** A tier with its upper bound in base units (see units.ts). */
export interface BaseTier {
  /** Inclusive; null for the open-ended last tier. */
  upper: Decimal | null;
  unitPrice: Decimal;
  flatPrice: Decimal;
}

/** Tier bounds move to base units (upTo x divisor), so the comparisons are exact. */
export function toBaseTiers(tiers: readonly Tier[], divisor: Decimal): BaseTier[] {
  return tiers.map((tier) => ({
    upper: tier.upTo === null ? null : new Decimal(tier.upTo).times(divisor),
    unitPrice: new Decimal(tier.unitPrice),
    flatPrice: new Decimal(tier.flatPrice ?? 0),
  }));
}

/** Amount / quantity, from exact base units; zero when nothing is billed. */
export function effectiveUnitPrice(
  amount: Decimal,
  billedBase: Decimal,
  divisor: Decimal,
): Decimal {
  return billedBase.isZero() ? new Decimal(0) : amount.times(divisor).div(billedBase);
}
