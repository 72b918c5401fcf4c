import { describe, expect, it, vi } from "vitest";
import { reportError } from "../../cli/errors.ts";
import { ConfigError, parseConfig } from "../../warehouse/config.ts";

/** What `slm` writes to stderr for an error, and the exit code. */
function reported(error: unknown): { code: number; written: string } {
  let written = "";
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    written += String(chunk);
    return true;
  });
  try {
    return { code: reportError(error, false), written };
  } finally {
    spy.mockRestore();
  }
}

describe("reportError", () => {
  it("prints a configuration's problems one per line, not joined by a visible \\n", () => {
    let error: unknown;
    try {
      parseConfig({ warehouse: { threads: "x", memoryLimit: 5 } }, "/p/slm.config.json");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { code, written } = reported(error);
    expect(code).toBe(1);
    expect(written.split("\n")).toEqual([
      expect.stringMatching(/^slm: \/p\/slm\.config\.json: warehouse\.threads: /),
      expect.stringMatching(/^\/p\/slm\.config\.json: warehouse\.memoryLimit: /),
      "",
    ]);
  });

  it("keeps a one-line error on one line, control characters escaped", () => {
    expect(reported(new ConfigError("/p/slm.config.json: not valid JSON: bad\u0007")).written).toBe(
      "slm: /p/slm.config.json: not valid JSON: bad\\u0007\n",
    );
  });
});
