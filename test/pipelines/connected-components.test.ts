import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Components } from "../../pipelines/connected-components.ts";

/** The components by a plain search from each node: the smallest node reached names each. */
function bySearch(size: number, edges: [number, number][]): number[] {
  const neighbours = Array.from({ length: size }, () => [] as number[]);
  for (const [a, b] of edges) {
    neighbours[a]!.push(b);
    neighbours[b]!.push(a);
  }
  const root = new Array<number>(size).fill(-1);
  for (let start = 0; start < size; start++) {
    if (root[start] !== -1) continue;
    const stack = [start];
    root[start] = start;
    while (stack.length > 0) {
      for (const next of neighbours[stack.pop()!]!) {
        if (root[next] === -1) {
          root[next] = start;
          stack.push(next);
        }
      }
    }
  }
  return root;
}

describe("connected components (union-find)", () => {
  it("finds the components a search finds, each named by its smallest node", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 40 })
          .chain((size) =>
            fc.tuple(
              fc.constant(size),
              fc.array(fc.tuple(fc.nat(size - 1), fc.nat(size - 1)), { maxLength: 60 }),
            ),
          ),
        ([size, edges]) => {
          const components = new Components(size);
          for (const [a, b] of edges) components.union(a, b);
          const roots = Array.from({ length: size }, (_, node) => components.find(node));
          expect(roots).toEqual(bySearch(size, edges));
        },
      ),
    );
  });
});
