const Z = 1.959963984540054;

/** Wilson 95% score interval for k of n; the same formula as the SQL macros wilson_low/wilson_high. */
export function wilson(k: number, n: number): { low: number; high: number } | null {
  if (!(n > 0)) return null;
  const p = k / n;
  const z2 = Z * Z;
  const centre = p + z2 / (2 * n);
  const spread = Z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const scale = 1 + z2 / n;
  return { low: Math.max(0, (centre - spread) / scale), high: Math.min(1, (centre + spread) / scale) };
}
