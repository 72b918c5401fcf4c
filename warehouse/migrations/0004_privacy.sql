-- Erasure and retention (DESIGN §7): what was removed, recorded without the data it removed.

-- grain: one row per pseudonymous identifier of an erased person (a keyed hash, never the value itself).
-- The loaders drop any incoming row that carries one of these, so an old extract cannot bring the person back.
CREATE TABLE IF NOT EXISTS meta.erasure_list (
  identifier  VARCHAR PRIMARY KEY,
  kind        VARCHAR NOT NULL,
  erasure_id  VARCHAR NOT NULL,
  erased_at   TIMESTAMPTZ NOT NULL
);

-- grain: one row per `slm retention apply` x data category x raw table it changed.
CREATE TABLE IF NOT EXISTS meta.retention_log (
  applied_at  TIMESTAMPTZ NOT NULL,
  category    VARCHAR NOT NULL,
  raw_table   VARCHAR NOT NULL,
  action      VARCHAR NOT NULL,
  period_days INTEGER NOT NULL,
  rows        BIGINT NOT NULL
);
