/** How numbers read in progress lines and on the terminal alike (the command line prints with these too). */
export function seconds(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 1)}s`;
}

export function count(value: number): string {
  return value.toLocaleString("en-GB");
}
