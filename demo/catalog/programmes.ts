/**
 * The demo institution's programmes. Swedish codes follow the antagning.se habit of a short letter code;
 * Dutch programmes carry their real CROHO code (from DUO's register) so the loaders meet real values.
 */
export type Country = "se" | "nl";
export type GradingScale = "UGVG" | "U345" | "AF" | "NL10";

export interface Programme {
  code: string;
  country: Country;
  name: string;
  /** Credits of the whole programme: hp in Sweden, EC in the Netherlands. */
  credits: number;
  /** Intakes per cycle: SE "HT" / "VT", NL "SEP" / "FEB". */
  intakes: readonly Intake[];
  /** Relative popularity among applicants. */
  weight: number;
  degree: string;
  degreeCode: string;
  scale: GradingScale;
  /** Three-letter subject prefix of its course codes. */
  subject: string;
  /** Master's programmes taught in English draw most international applicants. */
  international: boolean;
  numerusFixus: boolean;
}

export type Intake = "HT" | "VT" | "SEP" | "FEB";

export const PROGRAMMES: readonly Programme[] = [
  se(
    "SYSVK",
    "Systemvetenskapligt program",
    180,
    ["HT", "VT"],
    10,
    "Filosofie kandidatexamen",
    "FKAND",
    "UGVG",
    "IKI",
  ),
  se(
    "DATVK",
    "Datavetenskapligt program",
    180,
    ["HT"],
    9,
    "Filosofie kandidatexamen",
    "FKAND",
    "U345",
    "DVA",
  ),
  se("EKOVK", "Ekonomprogrammet", 180, ["HT", "VT"], 12, "Ekonomie kandidatexamen", "EKAND", "UGVG", "FOA"),
  se(
    "SSKVK",
    "Sjuksköterskeprogrammet",
    180,
    ["HT", "VT"],
    11,
    "Sjuksköterskeexamen",
    "SSKEX",
    "UGVG",
    "OMV",
  ),
  se(
    "HIDAT",
    "Högskoleingenjörsprogram i datateknik",
    180,
    ["HT"],
    7,
    "Högskoleingenjörsexamen",
    "HINGE",
    "U345",
    "DTE",
  ),
  se(
    "HIMAS",
    "Högskoleingenjörsprogram i maskinteknik",
    180,
    ["HT"],
    5,
    "Högskoleingenjörsexamen",
    "HINGE",
    "U345",
    "MTE",
  ),
  se(
    "LGRFK",
    "Grundlärarprogrammet, förskoleklass och åk 1–3",
    240,
    ["HT"],
    8,
    "Grundlärarexamen",
    "GLEX",
    "UGVG",
    "DID",
  ),
  se("SOCVK", "Socionomprogrammet", 210, ["HT", "VT"], 9, "Socionomexamen", "SOCEX", "UGVG", "SAA"),
  se(
    "BETVK",
    "Beteendevetenskapligt program",
    180,
    ["HT"],
    6,
    "Filosofie kandidatexamen",
    "FKAND",
    "UGVG",
    "PSA",
  ),
  se(
    "MKVVK",
    "Medie- och kommunikationsvetenskapligt program",
    180,
    ["HT"],
    5,
    "Filosofie kandidatexamen",
    "FKAND",
    "AF",
    "MKA",
  ),
  se(
    "MADSC",
    "Master's Programme in Data Science",
    120,
    ["HT"],
    4,
    "Filosofie masterexamen",
    "FMAST",
    "AF",
    "DVA",
    true,
  ),
  se(
    "MABUS",
    "Master's Programme in Business Administration",
    120,
    ["HT"],
    4,
    "Filosofie masterexamen",
    "FMAST",
    "AF",
    "FOA",
    true,
  ),
  nl("56978", "B Informatica", 180, ["SEP", "FEB"], 10, "INF"),
  nl("56604", "B Psychologie", 180, ["SEP"], 12, "PSY", true),
  nl("50700", "B Rechtsgeleerdheid", 180, ["SEP", "FEB"], 11, "RGL"),
  nl("50645", "B Bedrijfskunde", 180, ["SEP", "FEB"], 10, "BDK"),
  nl("56860", "B Biologie", 180, ["SEP"], 6, "BIO"),
  nl("56615", "B Communicatiewetenschap", 180, ["SEP"], 7, "COM"),
  nl("56551", "B Geneeskunde", 180, ["SEP"], 9, "GNK", true),
  nl("50950", "B Economie en Bedrijfseconomie", 180, ["SEP"], 9, "EBE"),
  nl("56966", "B Werktuigbouwkunde", 180, ["SEP"], 5, "WTB"),
  nl("56964", "B Technische Informatica", 180, ["SEP", "FEB"], 6, "TIN"),
];

function se(
  code: string,
  name: string,
  credits: number,
  intakes: Intake[],
  weight: number,
  degree: string,
  degreeCode: string,
  scale: GradingScale,
  subject: string,
  international = false,
): Programme {
  return {
    code,
    country: "se",
    name,
    credits,
    intakes,
    weight,
    degree,
    degreeCode,
    scale,
    subject,
    international,
    numerusFixus: false,
  };
}

function nl(
  code: string,
  name: string,
  credits: number,
  intakes: Intake[],
  weight: number,
  subject: string,
  numerusFixus = false,
): Programme {
  return {
    code,
    country: "nl",
    name,
    credits,
    intakes,
    weight,
    degree: "Bachelor",
    degreeCode: "BA",
    scale: "NL10",
    subject,
    international: false,
    numerusFixus,
  };
}
