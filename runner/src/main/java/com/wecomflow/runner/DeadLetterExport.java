package com.wecomflow.runner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wecomflow.kafka.Topics;
import com.wecomflow.parse.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes what went to the dead-letter topic as {@code deadletter.jsonl}. Every job reading a
 * topic rejects a malformed record of it on its own; the file shows each rejected record once per
 * reason, with {@code job} naming every job that rejected it (comma-separated, sorted).
 */
public final class DeadLetterExport {

    private DeadLetterExport() {}

    /** @return the number of distinct dead letters written */
    public static long toFile(String bootstrapServers, Path outFile) throws IOException {
        Map<String, ObjectNode> letters = new LinkedHashMap<>();
        Map<String, TreeSet<String>> jobs = new LinkedHashMap<>();
        for (String value : TopicExport.readAll(bootstrapServers, Topics.DEAD_LETTER)) {
            ObjectNode letter = (ObjectNode) Json.MAPPER.readTree(value);
            String job = letter.path("job").asText();
            ObjectNode withoutJob = letter.deepCopy();
            withoutJob.remove("job");
            String identity = Json.canonical(withoutJob);
            letters.putIfAbsent(identity, letter);
            jobs.computeIfAbsent(identity, i -> new TreeSet<>()).add(job);
        }
        try (BufferedWriter out = Files.newBufferedWriter(outFile, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, ObjectNode> entry : letters.entrySet()) {
                ObjectNode letter = entry.getValue();
                letter.put("job", String.join(",", jobs.get(entry.getKey())));
                out.write(Json.MAPPER.writeValueAsString(letter));
                out.write('\n');
            }
        }
        return letters.size();
    }
}
