-- What each model was last built from, so `slm run` can skip a model whose inputs have not changed.

-- grain: one row per model that has been built.
CREATE TABLE IF NOT EXISTS meta.model_state (
  model     VARCHAR NOT NULL,
  signature VARCHAR NOT NULL,
  run_id    BIGINT NOT NULL,
  built_at  TIMESTAMPTZ NOT NULL
);
