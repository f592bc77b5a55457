package com.wecomflow.runner;

import com.wecomflow.kafka.TopicReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads everything a topic holds now: how replay shows what went to an output topic. */
public final class TopicExport {

    private TopicExport() {}

    /** Copies the topic's values, in partition and offset order, into a JSON-lines file. @return the number written */
    public static long toFile(String bootstrapServers, String topic, Path outFile) throws IOException {
        List<String> values = readAll(bootstrapServers, topic);
        try (BufferedWriter out = Files.newBufferedWriter(outFile, StandardCharsets.UTF_8)) {
            for (String value : values) {
                out.write(value);
                out.write('\n');
            }
        }
        return values.size();
    }

    /** The topic's values (tombstones left out), in partition and offset order. */
    public static List<String> readAll(String bootstrapServers, String topic) {
        List<String> values = new ArrayList<>();
        TopicReader.readToEnd(bootstrapServers, topic, record -> {
            if (record.value() != null) {
                values.add(record.value());
            }
        });
        return values;
    }
}
