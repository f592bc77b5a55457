package com.wecomflow.runner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wecomflow.jobs.compliance.ComplianceRule;
import com.wecomflow.jobs.compliance.RuleParser;
import com.wecomflow.kafka.TopicReader;
import com.wecomflow.kafka.Topics;
import com.wecomflow.parse.Json;
import com.wecomflow.parse.ParseException;
import com.wecomflow.text.Utf8Lines;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./run rules put|disable|delete|list}: the compliance rules on the compacted rules topic,
 * keyed by rule_id, which the running sensitive-words job applies as they arrive.
 */
@Command(name = "rules", mixinStandardHelpOptions = true,
        subcommands = {RulesCommand.Put.class, RulesCommand.Disable.class, RulesCommand.Delete.class, RulesCommand.ListRules.class},
        description = "Manage the compliance rules on " + Topics.COMPLIANCE_RULES + ".")
final class RulesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "name what to do: put, disable, delete or list");
    }

    static final class KafkaCluster {
        @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOSTS", description = "the Kafka cluster")
        String bootstrapServers;
    }

    /** A rule as it goes on the topic: its id (the key) and its JSON (the value; null deletes it). */
    record RuleRecord(String ruleId, String json) {}

    /**
     * The rules topic's current content, rule id to JSON, as compaction leaves it: the latest
     * value of each key, without the deleted ones.
     */
    static Map<String, String> current(String bootstrapServers) {
        Map<String, String> rules = new LinkedHashMap<>();
        try {
            TopicReader.readToEnd(bootstrapServers, Topics.COMPLIANCE_RULES, record -> {
                if (record.value() == null) {
                    rules.remove(record.key());
                } else {
                    rules.put(record.key(), record.value());
                }
            });
        } catch (TimeoutException e) {
            throw OperatorKafka.unreachable(bootstrapServers, e);
        }
        return rules;
    }

    static void produce(String bootstrapServers, List<RuleRecord> records) throws InterruptedException {
        try (KafkaProducer<String, String> producer = OperatorKafka.producer(bootstrapServers)) {
            List<Future<?>> sent = new ArrayList<>();
            for (RuleRecord record : records) {
                sent.add(producer.send(new ProducerRecord<>(Topics.COMPLIANCE_RULES, record.ruleId(), record.json())));
            }
            for (Future<?> future : sent) {
                OperatorKafka.await(future, bootstrapServers);
            }
        }
    }

    /**
     * Every non-blank line of a rules file, read as replay reads one (a leading byte-order mark
     * skipped, each line strict UTF-8) and validated with the jobs' own parser; the first line that
     * is not a valid rule is an error naming the file and line, before anything is produced.
     */
    static List<RuleRecord> readRules(Path file) throws IOException {
        List<RuleRecord> records = new ArrayList<>();
        try (Utf8Lines lines = Utf8Lines.open(WeComFlowCli.readableFile(file, "FILE"))) {
            Utf8Lines.Line line;
            while ((line = lines.next()) != null) {
                String where = file + " line " + line.number();
                if (!line.decoded().valid()) {
                    throw new IllegalArgumentException(where + ": " + line.decoded().problem());
                }
                if (!line.isBlank()) {
                    records.add(validated(line.text().strip(), where));
                }
            }
        }
        return records;
    }

    static RuleRecord validated(String json, String where) {
        try {
            ComplianceRule rule = RuleParser.parse(json);
            return new RuleRecord(rule.ruleId(), json);
        } catch (ParseException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true,
            description = "Add or replace rules: each line of FILE (JSON lines), or the rule given with --rule.")
    static final class Put implements Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "FILE", description = "rules, one JSON object a line")
        Path file;

        @Option(names = "--rule", paramLabel = "JSON", description = "one rule as JSON")
        String rule;

        @Mixin
        KafkaCluster kafka;

        @Override
        public Integer call() throws Exception {
            if ((file == null) == (rule == null)) {
                throw new IllegalArgumentException("give a rules FILE or --rule JSON (one of them)");
            }
            List<RuleRecord> records = file != null
                    ? readRules(file)
                    : List.of(validated(rule.strip(), "--rule"));
            produce(kafka.bootstrapServers, records);
            for (RuleRecord record : records) {
                System.out.println("put rule " + record.ruleId());
            }
            return 0;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Keep a rule but stop matching it (enabled: false); put it again to enable it.")
    static final class Disable implements Callable<Integer> {
        @Parameters(paramLabel = "RULE_ID")
        String ruleId;

        @Mixin
        KafkaCluster kafka;

        @Override
        public Integer call() throws Exception {
            String json = existing(kafka.bootstrapServers, ruleId);
            ObjectNode node;
            try {
                node = (ObjectNode) Json.parseObject(json);
            } catch (ParseException e) {
                throw new IllegalArgumentException("rule " + ruleId + " on " + Topics.COMPLIANCE_RULES
                        + " is not a valid rule (" + e.getMessage() + "): put a corrected one");
            }
            node.put("enabled", false);
            produce(kafka.bootstrapServers, List.of(new RuleRecord(ruleId, Json.MAPPER.writeValueAsString(node))));
            System.out.println("disabled rule " + ruleId);
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a rule (a tombstone: compaction removes it from the topic).")
    static final class Delete implements Callable<Integer> {
        @Parameters(paramLabel = "RULE_ID")
        String ruleId;

        @Mixin
        KafkaCluster kafka;

        @Override
        public Integer call() throws Exception {
            existing(kafka.bootstrapServers, ruleId);
            produce(kafka.bootstrapServers, List.of(new RuleRecord(ruleId, null)));
            System.out.println("deleted rule " + ruleId);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Print the rules on the topic now, one JSON object a line (a file that rules put accepts).")
    static final class ListRules implements Callable<Integer> {
        @Mixin
        KafkaCluster kafka;

        @Override
        public Integer call() {
            Map<String, String> rules = current(kafka.bootstrapServers);
            rules.values().forEach(System.out::println);
            System.err.println(rules.size() + (rules.size() == 1 ? " rule" : " rules") + " on " + Topics.COMPLIANCE_RULES);
            return 0;
        }
    }

    private static String existing(String bootstrapServers, String ruleId) {
        String json = current(bootstrapServers).get(ruleId);
        if (json == null) {
            throw new IllegalArgumentException("no rule " + ruleId + " on " + Topics.COMPLIANCE_RULES + " (see ./run rules list)");
        }
        return json;
    }
}
