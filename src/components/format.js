// Numbers, shares and dates as the institution's locale writes them (sv-SE: 1 234,5 %; nl-NL: 1.234,5%;
// en-GB: 1,234.5%). The locale comes from the configuration through the published manifest.
export function formats(locale = "en-GB") {
  const number = new Intl.NumberFormat(locale);
  const percent = (digits = 0, sign = "auto") => {
    const format = new Intl.NumberFormat(locale, {
      style: "percent",
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      signDisplay: sign,
    });
    return (value) => format.format(value);
  };
  return {
    locale,
    /** A count: 1,234 / 1 234 / 1.234. */
    num: (value) => number.format(value),
    /** A share as a percentage with the given decimals: pct(1)(0.123) is 12.3%. */
    pct: percent,
    /** A difference of shares, always signed: +12%, −3%. */
    signedPct: (digits = 0) => percent(digits, "exceptZero"),
    /** A difference of shares in percentage points, signed: pp(0)(0.15) is "+15 pp" (never "+15%"). */
    pp: (digits = 0) => {
      const format = new Intl.NumberFormat(locale, {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
        signDisplay: "exceptZero",
      });
      return (value) => `${format.format(value * 100)}\u00a0pp`;
    },
    /** A decimal number with fixed decimals: dec(1)(12.34) is 12.3 (12,3 in sv-SE). */
    dec: (digits) => {
      const format = new Intl.NumberFormat(locale, {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
      return (value) => format.format(value);
    },
    /** A calendar date (an ISO day, read as that day wherever the reader is): 15 April 2026. */
    date: (iso) =>
      new Date(`${iso}T00:00:00Z`).toLocaleDateString(locale, {
        day: "numeric",
        month: "long",
        year: "numeric",
        timeZone: "UTC",
      }),
    /** A date and time of day. */
    dateTime: (iso) => new Date(iso).toLocaleString(locale),
  };
}
