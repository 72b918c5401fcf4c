// Names for codes, from the published catalogues (pub_programmes, pub_schools): "Biology (P1101)" where a
// catalogue names the code, the code alone where none does, so a page reads the same with or without one;
// a label that is no code ("All programmes") passes through as it is.
export function namer(rows, codeKey, nameKey) {
  const names = new Map((rows ?? []).filter((d) => d[nameKey]).map((d) => [d[codeKey], d[nameKey]]));
  return (code) => {
    if (code == null) return code;
    const name = names.get(code);
    return name ? `${name} (${code})` : String(code);
  };
}

/** A code with no catalogue (a CRM's channel, web_form) in words: "web form"; null stays null. */
export const words = (code) => (code == null ? code : String(code).replaceAll("_", " "));

/** The programme catalogue's names: programmeName("P1101") is "Biology (P1101)". */
export const programmeNamer = (catalogue) => namer(catalogue, "programme_code", "programme_name");

/** The school catalogue's names: schoolName("S0101") is "Northside Upper Secondary (S0101)". */
export const schoolNamer = (catalogue) => namer(catalogue, "school_code", "school_name");
