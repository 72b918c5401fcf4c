-- grain: one row per funnel stage: its order, its previous stage in any order and in the ordered funnel, whether it is
-- the funnel's entry stage (funnel.entryStage) and whether any source delivers it (data_status). Configuration and
-- source coverage, no persons (a stage without a source is one whose counts are all a true 0, which the funnel
-- tables publish as such anyway): the site reads the entry stage and the stages without data from here.
SELECT stage, stage_order, previous_stage, ordered_previous_stage, is_entry, before_entry, data_status
FROM marts.mart_funnel_stages
ORDER BY position
