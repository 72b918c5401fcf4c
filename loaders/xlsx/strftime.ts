const pad = (value: number, width = 2) => String(value).padStart(width, "0");

const DIRECTIVES: Record<string, (date: Date) => string> = {
  Y: (d) => pad(d.getUTCFullYear(), 4),
  y: (d) => pad(d.getUTCFullYear() % 100),
  m: (d) => pad(d.getUTCMonth() + 1),
  "-m": (d) => String(d.getUTCMonth() + 1),
  d: (d) => pad(d.getUTCDate()),
  "-d": (d) => String(d.getUTCDate()),
  H: (d) => pad(d.getUTCHours()),
  "-H": (d) => String(d.getUTCHours()),
  M: (d) => pad(d.getUTCMinutes()),
  S: (d) => pad(d.getUTCSeconds()),
  "%": () => "%",
};

/**
 * Renders a date in the strptime format its field is read with, so an Excel date cell takes the
 * same path as the text dates beside it. Excel dates are wall-clock times, held in the UTC fields.
 */
export function strftime(date: Date, format: string): string {
  return format.replace(/%(-?.)/g, (_match, directive: string) => {
    const render = DIRECTIVES[directive];
    if (!render) throw new RangeError(`format directive %${directive} is not supported for Excel date cells`);
    return render(date);
  });
}
