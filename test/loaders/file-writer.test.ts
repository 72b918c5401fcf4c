import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FileWriter } from "../../loaders/file-writer.ts";
import { tempProject } from "../helpers/project.ts";

const project = tempProject("slm-file-writer-");
afterAll(() => project.remove());

describe("FileWriter", () => {
  it("writes strings and bytes in order", async () => {
    const path = join(project.dir, "copy.txt");
    const file = new FileWriter(path);
    await file.write("Åsa,");
    await file.write(Buffer.from("Öberg\n"));
    await file.close();
    expect(readFileSync(path, "utf8")).toBe("Åsa,Öberg\n");
  });

  // /dev/full fails every write with ENOSPC. Before, the stream's 'error' had no listener: the process
  // died, or a write waiting for 'drain' waited for ever.
  it.skipIf(!existsSync("/dev/full"))("a full disk rejects a write or the close, never hangs", async () => {
    const small = new FileWriter("/dev/full");
    await small.write("fits in the stream's buffer");
    await expect(small.close()).rejects.toMatchObject({ code: "ENOSPC" });

    const large = new FileWriter("/dev/full");
    const writes = (async () => {
      for (let i = 0; i < 100; i++) await large.write(Buffer.alloc(1 << 16));
    })();
    await expect(writes).rejects.toMatchObject({ code: "ENOSPC" });
    large.abort();
  });
});
