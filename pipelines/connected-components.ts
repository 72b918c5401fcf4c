/**
 * Connected components of an edge list over nodes 0..n-1 by union-find (path halving, union toward the
 * smaller index, so every component's root is its smallest node). Near-linear in nodes + edges. The one
 * union-find of the pipelines: identity's record clusters (int_record_clusters) and the disclosure audit's
 * components of free cells (disclosure/audit.ts).
 */
export class Components {
  private readonly parent: Int32Array;

  constructor(size: number) {
    this.parent = new Int32Array(size);
    for (let i = 0; i < size; i++) this.parent[i] = i;
  }

  find(node: number): number {
    const parent = this.parent;
    let x = node;
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  }

  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra < rb) this.parent[rb] = ra;
    else if (rb < ra) this.parent[ra] = rb;
  }
}
