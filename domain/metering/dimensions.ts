import type { Dimensions } from '../events';

/** A canonical key for a dimension set: the same pairs in any order give the same key. */
export function dimensionsKey(dimensions: Dimensions): string {
  const keys = Object.keys(dimensions).sort();
  return JSON.stringify(keys.map((key) => [key, dimensions[key]]));
}

export function sameDimensions(a: Dimensions, b: Dimensions): boolean {
  return dimensionsKey(a) === dimensionsKey(b);
}
