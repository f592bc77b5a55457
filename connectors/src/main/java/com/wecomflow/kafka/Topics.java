package com.wecomflow.kafka;

/** The Kafka topics of the contract (DESIGN section 1). */
public final class Topics {

    /** Decrypted callback events as JSON, keyed by {@link RecordKeys#callbackKey}. */
    public static final String CALLBACK_EVENTS = "wecom.callback.events";

    /** Chat-archive messages as JSON, keyed per chat by {@link RecordKeys#archiveKey}. */
    public static final String ARCHIVE_MESSAGES = "wecom.archive.messages";

    /** Compliance rules, compacted, keyed by rule_id; a null value deletes a rule. */
    public static final String COMPLIANCE_RULES = "wecom.compliance.rules";

    /**
     * The channel catalogue (DESIGN section 5b), compacted, keyed by {@link RecordKeys#channelKey}
     * ({@code corp/state}); a null value deletes the entry.
     */
    public static final String CHANNELS = "wecom.channels";

    /** Compliance alerts as JSON, keyed by alert_id. */
    public static final String COMPLIANCE_ALERTS = "wecom.compliance.alerts";

    /** Records a job could not use, with the reason ({@link com.wecomflow.records.DeadLetter}). */
    public static final String DEAD_LETTER = "wecom.deadletter";

    /** Record headers the replay runner sets so that a dead letter can name the file and line it came from. */
    public static final String HEADER_SOURCE_FILE = "wecom-flow-source-file";

    public static final String HEADER_SOURCE_LINE = "wecom-flow-source-line";

    private Topics() {}
}
