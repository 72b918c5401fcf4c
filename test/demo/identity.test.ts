import { describe, expect, it } from "vitest";
import { IdentityAllocator } from "../../demo/identity.ts";

describe("demo IdentityAllocator", () => {
  it("never gives a woman and a man born the same day one interim number", () => {
    // Interim numbers carry no sex digit: the allocator once counted serials per date and sex, so the first
    // woman and the first man of a day both got serial k = 0 (two demo persons shared 20060413T052).
    const ids = new IdentityAllocator(1);
    const birth = 13_251; // 2006-04-13 in days since 1970-01-01
    const woman = ids.swedish(birth, true, "interim").id;
    const man = ids.swedish(birth, false, "interim").id;
    expect(woman).not.toBe(man);
  });

  it("hands out every interim number of a day once, whoever asks", () => {
    const ids = new IdentityAllocator(3);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(ids.swedish(13_251, i % 2 === 0, "interim").id);
    expect(seen.size).toBe(200);
  });
});
