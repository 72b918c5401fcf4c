/**
 * How an operation says what it is doing while it works: one line of text at a time, for a person to read
 * (the command line writes them to stderr). Results come back as the operation's return value, never here.
 */
export type Progress = (line: string) => void;

export const silent: Progress = () => undefined;
