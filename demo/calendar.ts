/**
 * Dates as whole days since 1970-01-01 (UTC) and times as seconds since then: integers compare and add
 * cheaply and never depend on the machine's time zone or on the current date.
 */

const DAY = 86_400;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function day(y: number, m: number, d: number): number {
  return Date.UTC(y, m - 1, d) / 1000 / DAY;
}

export function parts(dayNumber: number): { y: number; m: number; d: number } {
  const date = new Date(dayNumber * DAY * 1000);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

/** 0 = Monday ... 6 = Sunday. */
export function weekday(dayNumber: number): number {
  return (((dayNumber + 3) % 7) + 7) % 7;
}

/** The first day on or after `dayNumber` that falls on `wd` (0 = Monday). */
export function onOrAfter(dayNumber: number, wd: number): number {
  return dayNumber + ((wd - weekday(dayNumber) + 7) % 7);
}

export function yearOf(dayNumber: number): number {
  return parts(dayNumber).y;
}

const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `YYYY-MM-DD` */
export function isoDate(dayNumber: number): string {
  const { y, m, d } = parts(dayNumber);
  return `${y}-${p2(m)}-${p2(d)}`;
}

/** `DD-MM-YYYY`, as Dutch systems write dates. */
export function nlDate(dayNumber: number): string {
  const { y, m, d } = parts(dayNumber);
  return `${p2(d)}-${p2(m)}-${y}`;
}

/** `12 Mar 2024`, as LinkedIn writes "Connected On". */
export function linkedinDate(dayNumber: number): string {
  const { y, m, d } = parts(dayNumber);
  return `${p2(d)} ${MONTHS[m - 1]} ${y}`;
}

export function atTime(dayNumber: number, hour: number, minute = 0, second = 0): number {
  return dayNumber * DAY + hour * 3600 + minute * 60 + second;
}

export function dayOfTime(seconds: number): number {
  return Math.floor(seconds / DAY);
}

/** `YYYY-MM-DD HH:MM:SS` */
export function isoDateTime(seconds: number): string {
  const dayNumber = Math.floor(seconds / DAY);
  const rest = seconds - dayNumber * DAY;
  const h = Math.floor(rest / 3600);
  const mi = Math.floor((rest % 3600) / 60);
  return `${isoDate(dayNumber)} ${p2(h)}:${p2(mi)}:${p2(rest % 60)}`;
}

/** `YYYY-MM-DD HH:MM`, as Ladok stamps a report run. */
export function isoMinute(seconds: number): string {
  return isoDateTime(seconds).slice(0, 16);
}

export const SECONDS_PER_DAY = DAY;
