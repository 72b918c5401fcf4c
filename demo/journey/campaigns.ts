/** Campaign names as marketing teams write them: fair names, ad-platform tags, agents, newsletters. */
import { parts } from "../calendar.ts";
import type { Channel } from "../person.ts";
import type { Rng } from "../prng.ts";

const SE_FAIRS = [
  "Saco Studentmässa Stockholm",
  "Saco Studentmässa Göteborg",
  "Utbildningsmässan Malmö",
  "Gymnasiemässan, Uppsala",
];
const NL_FAIRS = [
  "Studiebeurs Utrecht",
  "Studiebeurs Amsterdam",
  "NVAO Voorlichtingsdag, Zwolle",
  "HBO/WO Beurs Eindhoven",
];
const INTL_FAIRS = [
  "Study in Sweden fair, Mumbai",
  "EAIE Expo, Istanbul",
  "QS World Grad School Tour, Beijing",
  "Study in Europe, Jakarta",
];
const AGENTS = ["IDP Education", "Study Group, Delhi", "AECC Global", "SI-UK London", "Edvoy"];
const MONTHS_SV = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];

export function campaignFor(
  rng: Rng,
  channel: Channel,
  cohort: string,
  at: number,
  country: "se" | "nl",
  international: boolean,
): string {
  const { y, m } = parts(Math.floor(at / 86_400));
  switch (channel) {
    case "fair":
      return `${rng.pick(international ? INTL_FAIRS : country === "se" ? SE_FAIRS : NL_FAIRS)} ${y}`;
    case "social":
      return `${cohort.toLowerCase()}-${rng.pick(["instagram", "tiktok", "facebook", "linkedin", "snapchat"])}`;
    case "search":
      return `${cohort.toLowerCase()}-google-${rng.pick(["brand", "generic", "programme"])}`;
    case "agent":
      return rng.pick(AGENTS);
    case "catalogue":
      return country === "se" ? `Katalog ${cohort}` : `Brochure ${cohort}`;
    case "newsletter":
      return `Nyhetsbrev ${MONTHS_SV[m - 1]} ${y}`;
    case "web_form":
      return rng.chance(0.6) ? "" : `${cohort.toLowerCase()}-organic`;
  }
}
