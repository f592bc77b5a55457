CREATE TABLE IF NOT EXISTS wecom.migration_probe
(
    k        String,
    version  UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY k;

CREATE TABLE IF NOT EXISTS wecom.migration_probe_ttl
(
    k     String,
    days  UInt32 DEFAULT {{alert_retention_days}}
)
ENGINE = MergeTree()
ORDER BY k;
