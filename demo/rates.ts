/**
 * Every planted rate of the demo institution, in one place. The truth summary repeats this object, and
 * the tests check that the rates come back out of the generated files.
 *
 * Probabilities are per person unless stated; "lift" values are added to a base probability.
 */
export const RATES = {
  population: {
    /** Persons who graduated before the simulated cycles and appear only in alumni records (and the CRM). */
    historicAlumni: 0.1,
    /** Historic alumni whose studies ended before 2010 have no Ladok record; this share of them also lack a personnummer in the alumni database. */
    pre2010WithoutId: 0.7,
    /** Share of a cycle's persons who are international (universityadmissions.se, no personnummer; Studielink without BSN). */
    international: 0.15,
    /** Domestic Swedish persons holding a samordningsnummer rather than a personnummer. */
    samordningsnummer: 0.02,
    /** Families: chance that a cycle person brings a sibling into the population, and a parent who is an alumnus. */
    sibling: 0.04,
    parentAlumnus: 0.03,
    female: 0.55,
    /** School guidance counsellors, who order catalogues for their school. */
    counsellor: 0.005,
  },
  prospect: {
    /** Cycle persons who enter through the CRM (the rest apply directly, unseen before the application). */
    inquirer: 0.8,
    /** Channel of the first inquiry for domestic prospects; internationals come through agents far more. */
    channels: { web_form: 40, catalogue: 14, fair: 12, newsletter: 9, social: 12, search: 13 },
    internationalChannels: { web_form: 35, agent: 35, fair: 8, social: 12, search: 10 },
    /** Extra form submissions after the first (newsletter, project interest, scholarship, ...), Poisson-like mean. */
    extraForms: 0.8,
  },
  openDay: {
    /** Inquirers who register for an open-day session. */
    register: 0.35,
    /** Registrants who cancel. */
    cancel: 0.12,
    /** Confirmed registrants who never check in: the planted open-day no-show rate. */
    noShow: 0.28,
    /** Persons (inquirers or not) who check in without registering. */
    walkIn: 0.03,
  },
  trialLecture: {
    register: 0.12,
    noShow: 0.15,
  },
  application: {
    /** Inquirers who apply, without any event; the open-day and trial-lecture lifts add to it. */
    inquirerBase: 0.3,
    openDayLift: 0.15,
    trialLectureLift: 0.1,
    /** Applicants who name a second (and third) choice at the institution. */
    secondChoice: 0.35,
    thirdChoice: 0.3,
    /** Applications withdrawn before selection, and incomplete (invalid) ones: excluded from the admit rate. */
    withdrawn: 0.04,
    incomplete: 0.03,
  },
  admission: {
    /** Evaluated applicants admitted to some choice (urval 1 or 2): the planted admit rate. */
    admit: 0.62,
    /** Of the admitted, those admitted only in urval 2 (reserves moving up). */
    viaReserve: 0.2,
    /** Of the not admitted, those left as reserve (the rest are ineligible). */
    reserveWhenRejected: 0.6,
  },
  /** Admitted who accept the offer (SE: tackat ja; NL: plaatsing/inschrijving). The rest decline (återbud). */
  accept: 0.82,
  /** Accepted who are not enrolled at census: SE no-show or tidigt avbrott, NL geannuleerd / early uitschrijving. */
  melt: 0.09,
  /** Of the melted, those who registered and left within three weeks (tidigt avbrott) rather than never showing up. */
  meltAfterRegistration: 0.4,
  studies: {
    /** Per-course pass probability is logistic(passIntercept + passSlope * ability). */
    passIntercept: 1.6,
    passSlope: 1.2,
    /** Ability = gradeWeight * entry-grade z + school effect + noise. */
    gradeWeight: 0.6,
    noise: 0.8,
    /** Students who sit each exam (the rest have no result that term). */
    sitExam: 0.94,
    /** A failed course passed at a re-exam the next term (for average ability; scaled by the pass probability). */
    reexamPass: 0.6,
    /** Per-term hazard of dropping out (sent avbrott), higher after a weak term. */
    dropoutBase: 0.025,
    dropoutWeakTerm: 0.12,
    /** Days from the last term's end until the degree is issued (students apply for it). */
    degreeDelay: [14, 150] as const,
    /** Graduates who return for a master's programme (further study). */
    furtherStudy: 0.08,
  },
  schools: {
    /**
     * Planted school effect on ability, in ability units (1 = one standard deviation of entry grade). A share
     * `noEffect` of schools has exactly 0 (the null schools a school-performance model must not flag); the rest
     * have an effect of either sign, equally likely, whose size is uniform between `effectMin` and `effectMax`,
     * so the ranking among effect schools carries information (no ties) and every effect stays clear of 0.
     * Negative effects are scaled by `negativeScale`: first-year credits saturate near 60, so a step down in
     * ability costs more credits than the same step up adds, and unscaled effects would pull every cohort's
     * mean down and put the null schools about 1 credit above it, where the large ones get flagged. Scaled, a
     * positive effect (0.5 to 1.5) adds about 3 to 5 first-year credits for a student of average ability and a
     * negative one (-0.275 to -0.825) costs about 2 to 7, on average 4.3 either way: 0.2-0.5 standard deviations
     * of first-year credits, at the strong end of what schools of origin show. That strength is what lets
     * schools of 30-60 students be ranked: Spearman ~0.87 between planted and estimated effect at n >= 30 (0.82
     * with sizes 0.4-1.0 scaled alike, 0.79 with 0.25-0.75 unscaled; measured over six seeds with
     * test/pipelines/marts/school-performance-demo.test.ts).
     */
    noEffect: 0.4,
    effectMin: 0.5,
    effectMax: 1.5,
    negativeScale: 0.55,
    /** Schools whose intake has better entry grades without any effect on performance (confounding). */
    selective: 0.15,
    selectiveGradeShift: 0.6,
    /** Small schools get a tenth of the usual weight. */
    small: 0.2,
  },
  alumni: {
    /** Graduates who register in the alumni database. */
    register: 0.45,
    /** Registered alumni on LinkedIn connected to the institution's page. */
    linkedin: 0.4,
    /** Per registered alumnus per year: engagements of each kind. */
    event: 0.25,
    guestLecture: 0.03,
    mentoring: 0.04,
    internshipOffer: 0.03,
    donation: 0.03,
    /** Alumni with a known employer. */
    employer: 0.7,
  },
  mailings: {
    /** Persons who receive a burst that breaks the contact cap (>= 5 in 7 days from one department). */
    overMailed: 0.01,
    /** Persons who get a second department's message within 48 hours of another's. */
    collision: 0.02,
    /** Chance that a department's monthly campaign reaches a given person in its target group. */
    reach: 0.6,
  },
  consents: {
    /** Inquirers who tick the marketing box; newsletter sign-ups always consent to the newsletter. */
    marketing: 0.75,
    research: 0.2,
    /** Consents withdrawn later. */
    withdraw: 0.06,
  },
  identity: {
    /** Enrolled internationals given an interim T-number in Ladok, and those whose number is later replaced. */
    interim: 0.7,
    interimReplaced: 0.6,
  },
} as const;
