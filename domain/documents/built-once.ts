/**
 * `build` with its results kept per pair of arguments: for document formatters, whose Intl
 * objects cost far more to build than to use, and which every document, email and portal
 * page asks for with one of few locale, zone and currency pairs.
 */
export function builtOnce<T>(build: (a: string, b: string) => T): (a: string, b: string) => T {
  const built = new Map<string, T>();
  return (a, b) => {
    const key = JSON.stringify([a, b]);
    let value = built.get(key);
    if (value === undefined) {
      value = build(a, b);
      built.set(key, value);
    }
    return value;
  };
}
