// Types of intakes.js for the TypeScript tests (the site itself loads the .js).
type Manifest = {
  intakes?: { intake: string; start_on: string | null; deadline: string; previous_intake: string | null }[];
};
export function newestFirst(manifest: Manifest, intakes: Iterable<string | null>): string[];
export function previousIntake(manifest: Manifest, intake: string): string | null;
export function openingIntake(
  manifest: Manifest,
  intakes: string[],
  hasData: (intake: string) => boolean,
): string;
