package com.wecomflow.jobs.compliance;

import com.wecomflow.kafka.TopicReader;
import com.wecomflow.kafka.Topics;
import java.util.List;

/**
 * The rules on the compacted rules topic when a job starts, so they apply from its first message
 * rather than racing it. Invalid rules (a value that is not even UTF-8 included) are left out
 * here; the job's own rule stream dead-letters them.
 */
public final class RuleTopicSnapshot {

    private RuleTopicSnapshot() {}

    public static List<ComplianceRule> read(String bootstrapServers) {
        RuleLog log = new RuleLog();
        TopicReader.readRawToEnd(bootstrapServers, Topics.COMPLIANCE_RULES, record -> {
            if (record.textProblem() == null) {
                log.apply(record.key(), record.text(), record.offset());
            }
        });
        return log.rules();
    }
}
