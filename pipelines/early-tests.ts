import type { Warehouse } from "../warehouse/connection.ts";
import { type DataTest, type DataTestResult, runDataTests } from "./data-tests.ts";
import { type Model, REFERENCE } from "./models.ts";

/** What a model's early tests need to know of the run when the model has just been built. */
export interface BuiltSoFar {
  /** Every model of the run, built or not yet. */
  models: ReadonlySet<string>;
  /** Models built (rebuilt) so far, whose new tables end in `nextSuffix`. */
  rebuilt: ReadonlySet<string>;
  /** Models kept so far: their tables are the ones the run ends with. */
  kept: ReadonlySet<string>;
  nextSuffix: string;
}

/**
 * The tests of a model just built that can run now, on its new table: each pointed at the tables the run
 * will end with. A relationship to a model built already reads that model's new table; one to a model not
 * built yet, or a test whose SQL reads any model, waits for the run's end (after the swap), as every test
 * of a model patched for its changed keys does.
 */
export function testsToRunEarly(model: Model, done: BuiltSoFar): DataTest[] {
  const early: DataTest[] = [];
  for (const test of model.tests) {
    if (test.kind === "relationships") {
      const parent = `${test.schema}.${test.table}`.toLowerCase();
      if (done.rebuilt.has(parent)) early.push({ ...test, table: `${test.table}${done.nextSuffix}` });
      else if (done.kept.has(parent) || !done.models.has(parent)) early.push(test);
    } else if (
      ![...test.text.matchAll(REFERENCE)].some((ref) => done.models.has(`${ref[1]}.${ref[2]}`.toLowerCase()))
    )
      early.push(test);
  }
  return early;
}

/**
 * A run's data tests that run while the models build: each built model's tests (testsToRunEarly) go on a
 * second connection as soon as its new table is committed, one test at a time, beside the next models'
 * builds, instead of all together in the run's closing transaction. The tests read only that table (and
 * the parents of relationships), which nothing changes until the swap; the run waits for them first.
 * 1M persons: 177 of the 191 tests ran early, and a full run took 0.980 of its time (3 alternated
 * whole-process pairs; peak memory no higher).
 */
export class EarlyTests {
  private queue: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | null = null;
  private closed = false;
  /** Results by model, in the order the tests were declared. */
  readonly results = new Map<string, DataTestResult[]>();
  /** The tests handed over, by model: the closing transaction runs the others. */
  readonly taken = new Map<string, Set<string>>();

  private constructor(private readonly tester: Warehouse) {}

  static async open(warehouse: Warehouse): Promise<EarlyTests> {
    return new EarlyTests(await warehouse.sibling());
  }

  /** Queues a model's tests on its new table `target`; they run after those queued before. */
  add(model: string, tests: DataTest[], target: string): void {
    if (tests.length === 0) return;
    this.taken.set(model, new Set(tests.map((test) => test.text)));
    this.queue = this.queue.then(async () => {
      if (this.failure) return;
      try {
        this.results.set(model, await runDataTests(this.tester, tests, target));
      } catch (error) {
        this.failure = { error };
      }
    });
  }

  /** Waits for every queued test; a test that could not run (bad SQL) throws here, as it would have at the end. */
  async finish(): Promise<Map<string, DataTestResult[]>> {
    await this.queue;
    if (this.failure) throw this.failure.error;
    return this.results;
  }

  /** Waits for the test running now (whatever its outcome) and closes the second connection; again, nothing. */
  async close(): Promise<void> {
    await this.queue;
    if (this.closed) return;
    this.closed = true;
    this.tester.close();
  }
}
