/** A profile that cannot be used: its file, and each problem with the key to fix. */
export class ProfileError extends Error {
  override name = "ProfileError";
  /** Each problem in one line, without the file's name (`slm profile list` shows them beside it). */
  readonly problems: string[];

  constructor(message: string, problems: string[] = [message]) {
    super(message);
    this.problems = problems;
  }

  /** One error for the problems of one profile file, each line naming the file. */
  static of(origin: string, problems: string[]): ProfileError {
    return new ProfileError(problems.map((problem) => `${origin}: ${problem}`).join("\n"), problems);
  }
}
