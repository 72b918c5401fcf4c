-- grain: one row per source system x entity x quarantine reason: rows set aside (file rows, not persons).
SELECT source, entity, reason_family, reason, rows_quarantined, files
FROM marts.mart_quarantine_by_reason
