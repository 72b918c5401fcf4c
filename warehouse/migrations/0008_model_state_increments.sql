-- What an incremental model (`-- incremental: <input> by <key>`) was built from besides its input, and the
-- state of that input, so the next run can tell that only the input changed and what in it is new.
ALTER TABLE meta.model_state ADD COLUMN IF NOT EXISTS base_signature VARCHAR;
ALTER TABLE meta.model_state ADD COLUMN IF NOT EXISTS input_state VARCHAR;
