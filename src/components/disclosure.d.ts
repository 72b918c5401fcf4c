// Types of disclosure.js for the TypeScript tests (the site itself loads the .js).
import type { Disclosure } from "../../pipelines/disclosure/settings.ts";

export interface DisclosureText extends Disclosure {
  schoolCell: number;
  rounded: string;
  persons(noun?: string): string;
  fewer: string;
  counts: string;
  rates: string;
  means: string;
  schools: string;
  footer: string;
}
export function disclosure(manifest: { disclosure: Disclosure }): DisclosureText;
