/** The index of a profile header in a file's header: exact after trimming, else ignoring case. */
export function findHeader(header: string[], wanted: string): number {
  const name = wanted.trim();
  const exact = header.indexOf(name);
  return exact >= 0 ? exact : header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
}
