package com.wecomflow.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The repository's {@code docker-compose.yml} as its services declare it, before any {@code ${VAR}} is filled in. */
record ComposeFile(JsonNode root) {

    static ComposeFile read(Path file) throws IOException {
        return new ComposeFile(new YAMLMapper().readTree(file.toFile()));
    }

    List<String> services() {
        List<String> names = new ArrayList<>();
        root.path("services").fieldNames().forEachRemaining(names::add);
        return names;
    }

    JsonNode service(String name) {
        JsonNode service = root.path("services").path(name);
        if (service.isMissingNode()) {
            throw new AssertionError("docker-compose.yml has no service " + name);
        }
        return service;
    }

    /** A setting of a service's {@code build} (context, dockerfile, target), if it is built. */
    Optional<String> buildSetting(String name, String key) {
        JsonNode value = service(name).path("build").path(key);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    /** The Dockerfile stage a service is built from, if it is built. */
    Optional<String> buildTarget(String name) {
        return buildSetting(name, "target");
    }

    /** The services built from one Dockerfile stage. */
    List<String> servicesBuiltFrom(String target) {
        return services().stream().filter(name -> buildTarget(name).filter(target::equals).isPresent()).toList();
    }

    List<String> command(String name) {
        List<String> command = new ArrayList<>();
        JsonNode node = service(name).path("command");
        if (node.isTextual()) {
            command.add(node.asText());
        }
        node.forEach(part -> command.add(part.asText()));
        return command;
    }

    Map<String, String> environment(String name) {
        Map<String, String> environment = new LinkedHashMap<>();
        service(name).path("environment").fields()
                .forEachRemaining(entry -> environment.put(entry.getKey(), entry.getValue().asText()));
        return environment;
    }

    /** Flink's {@code FLINK_PROPERTIES} of a service, key to value, as Flink's image entrypoint reads them. */
    Map<String, String> flinkProperties(String name) {
        Map<String, String> properties = new LinkedHashMap<>();
        String text = environment(name).getOrDefault("FLINK_PROPERTIES", "");
        for (String line : text.strip().split("\n")) {
            String[] keyValue = line.split(":", 2);
            if (keyValue.length == 2) {
                properties.put(keyValue[0].strip(), keyValue[1].strip());
            }
        }
        return properties;
    }

    /** A volume of a service: a named volume, a path on the host ({@code ./...}) or a {@code ${VAR}}, and where it is mounted. */
    record Mount(String source, String target) {
        boolean named() {
            return !source.startsWith(".") && !source.startsWith("/") && !source.startsWith("$");
        }
    }

    List<Mount> mounts(String name) {
        List<Mount> mounts = new ArrayList<>();
        for (JsonNode volume : service(name).path("volumes")) {
            String text = volume.asText();
            // A ${VAR:?message} source may hold colons of its own.
            int sourceEnd = text.startsWith("${") ? text.indexOf('}') + 1 : text.indexOf(':');
            String rest = text.substring(sourceEnd + 1);
            int targetEnd = rest.indexOf(':');
            mounts.add(new Mount(text.substring(0, sourceEnd), targetEnd < 0 ? rest : rest.substring(0, targetEnd)));
        }
        return mounts;
    }

    /** The named volume mounted at a path of a service. */
    Optional<String> namedVolumeAt(String name, String target) {
        return mounts(name).stream().filter(mount -> mount.target().equals(target) && mount.named())
                .map(Mount::source).findFirst();
    }

    List<String> declaredVolumes() {
        List<String> names = new ArrayList<>();
        root.path("volumes").fieldNames().forEachRemaining(names::add);
        return names;
    }

    String restart(String name) {
        return service(name).path("restart").asText("no");
    }

    /** What a service waits for, by service: service_healthy or service_completed_successfully. */
    Map<String, String> dependsOn(String name) {
        Map<String, String> conditions = new LinkedHashMap<>();
        service(name).path("depends_on").fields()
                .forEachRemaining(entry -> conditions.put(entry.getKey(), entry.getValue().path("condition").asText()));
        return conditions;
    }

    /** The value after an option in a command, e.g. {@code --clickhouse-url}. */
    static Optional<String> optionValue(List<String> command, String option) {
        int at = command.indexOf(option);
        return at >= 0 && at + 1 < command.size() ? Optional.of(command.get(at + 1)) : Optional.empty();
    }
}
