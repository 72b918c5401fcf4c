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

/**
 * A label cut to at most `max` characters at a word boundary, with "…" where words were left out: "Master's
 * Programme in Business Administration (MABUS)" becomes "Master's Programme in… (MABUS)". A trailing "(code)"
 * is kept whole, since it tells two names that begin alike apart; so is the first word, however long (a word
 * cut in the middle, "Högskoleingenjörspr…", reads as neither). null stays null.
 */
export function shortLabel(text, max) {
  if (text == null) return text;
  const label = String(text);
  if (label.length <= max) return label;
  const [, name, code] = /^(.*?)((?: \([^()]+\))?)$/.exec(label);
  const words = name.split(/\s+/);
  let kept = words[0];
  for (const word of words.slice(1)) {
    if (`${kept} ${word}…${code}`.length > max) break;
    kept = `${kept} ${word}`;
  }
  return kept === name ? label : `${kept.replace(/[\s,;:–-]+$/, "")}…${code}`;
}
