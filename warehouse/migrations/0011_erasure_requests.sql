-- An erasure is a durable intent: recorded, with every identifier of the person on meta.erasure_list, before
-- anything is removed, and finished (raw rows, quarantined lines, every derived table, earlier releases, the
-- site, the warehouse file's freed bytes) by the next command of any kind if `slm erase` was interrupted.

-- grain: one row per `slm erase` request. step: recorded -> raw_erased -> done.
CREATE TABLE meta.erasure_request (
  erasure_id   VARCHAR PRIMARY KEY,
  requested_at TIMESTAMPTZ NOT NULL,
  lookup       VARCHAR NOT NULL,
  persons      INTEGER NOT NULL,
  step         VARCHAR NOT NULL,
  finished_at  TIMESTAMPTZ
);

-- Erasures made before requests were recorded: whether their compaction ran is unknown, so the next command
-- finishes them once more (rebuild and compaction are idempotent).
INSERT INTO meta.erasure_request
SELECT erasure_id, min(erased_at), 'unknown', 0, 'raw_erased', NULL FROM meta.erasure_list GROUP BY erasure_id;
