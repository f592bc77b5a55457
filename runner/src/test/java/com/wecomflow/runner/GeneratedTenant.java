package com.wecomflow.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.parse.ArchiveMessageParser;
import com.wecomflow.parse.CallbackEventParser;
import com.wecomflow.parse.Json;
import com.wecomflow.parse.ParseException;
import com.wecomflow.records.ArchiveMessage;
import com.wecomflow.records.CallbackEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a generated tenant's files say, read with the jobs' own parsers: each customer's
 * attribution (the earliest add event), their losses, the groups they joined and left, the
 * customers each employee deleted per business day, the counted messages (each once) and the
 * channel catalogue's lines.
 */
final class GeneratedTenant {

    /** A customer's earliest add event. */
    record Attribution(long addedAtSeconds, String state, String userId) {}

    /** A {@code del_follow_user}: the customer deleted this employee. */
    record Loss(long atSeconds, String userId) {}

    final Set<String> corpIds = new HashSet<>();
    final Map<String, Attribution> attributions = new HashMap<>();
    final Map<String, List<Loss>> losses = new HashMap<>();
    final Map<String, Set<String>> groupsJoined = new HashMap<>();
    final Map<String, Set<String>> groupsLeft = new HashMap<>();
    final List<JsonNode> catalogue = new ArrayList<>();
    /** Per employee and business date (Asia/Shanghai), the distinct customers the employee deleted. */
    final Map<String, Map<LocalDate, Set<String>>> removals = new HashMap<>();
    /** The raw {@code del_external_contact} records. */
    final List<JsonNode> removalRecords = new ArrayList<>();
    /** Every counted message once (retries and overlapping pulls dropped), with its raw record. */
    final Map<String, ArchiveMessage> counted = new LinkedHashMap<>();
    final Map<String, JsonNode> countedRecords = new HashMap<>();

    private static final ZoneId BUSINESS_ZONE = ZoneId.of("Asia/Shanghai");

    static GeneratedTenant read(Path directory) throws IOException {
        GeneratedTenant tenant = new GeneratedTenant();
        for (String line : Files.readAllLines(directory.resolve(TenantGenerator.CALLBACKS_FILE))) {
            try {
                Optional<CallbackEvent> event = new CallbackEventParser().parse(line);
                event.ifPresent(tenant::add);
                if (event.isPresent() && event.get().isContactRemoved()) {
                    tenant.removalRecords.add(Json.MAPPER.readTree(line));
                }
            } catch (ParseException malformedOnPurpose) {
                // The generator writes a few broken lines; the jobs dead-letter them.
            }
        }
        for (String line : Files.readAllLines(directory.resolve(TenantGenerator.MESSAGES_FILE))) {
            try {
                Optional<ArchiveMessage> message = new ArchiveMessageParser().parse(line);
                if (message.isPresent() && message.get().isCounted()) {
                    tenant.counted.putIfAbsent(message.get().identity(), message.get());
                    tenant.countedRecords.putIfAbsent(message.get().identity(), Json.MAPPER.readTree(line));
                }
            } catch (ParseException malformedOnPurpose) {
                // As above.
            }
        }
        for (String line : Files.readAllLines(directory.resolve(TenantGenerator.CHANNELS_FILE))) {
            tenant.catalogue.add(Json.MAPPER.readTree(line));
        }
        return tenant;
    }

    private void add(CallbackEvent event) {
        corpIds.add(event.corpId());
        if (event.isContactAdded()) {
            Attribution earlier = attributions.get(event.externalUserId());
            if (earlier == null || event.createTimeSeconds() < earlier.addedAtSeconds()) {
                attributions.put(event.externalUserId(), new Attribution(event.createTimeSeconds(),
                        event.state() == null ? "" : event.state(), event.userId()));
            }
        } else if (event.isCustomerChurn()) {
            losses.computeIfAbsent(event.externalUserId(), customer -> new ArrayList<>())
                    .add(new Loss(event.createTimeSeconds(), event.userId()));
        } else if (event.isContactRemoved()) {
            LocalDate day = Instant.ofEpochSecond(event.createTimeSeconds()).atZone(BUSINESS_ZONE).toLocalDate();
            removals.computeIfAbsent(event.userId(), employee -> new HashMap<>())
                    .computeIfAbsent(day, d -> new HashSet<>()).add(event.externalUserId());
        } else if (event.isMembersAdded()) {
            event.memChangeList().forEach(member -> groupsJoined.computeIfAbsent(member, m -> new HashSet<>()).add(event.chatId()));
        } else if (event.isMembersRemoved()) {
            event.memChangeList().forEach(member -> groupsLeft.computeIfAbsent(member, m -> new HashSet<>()).add(event.chatId()));
        }
    }

    /** The catalogue entry of a code, if the catalogue has one. */
    Optional<JsonNode> entry(String state) {
        return catalogue.stream().filter(line -> line.get("state").asText().equals(state)).findFirst();
    }

    /** Whether the customer deleted their attributed employee within the days after their add (DESIGN 5b's hold). */
    boolean lostWithin(String customer, int days) {
        Attribution attribution = attributions.get(customer);
        return losses.getOrDefault(customer, List.of()).stream()
                .anyMatch(loss -> loss.userId().equals(attribution.userId())
                        && loss.atSeconds() >= attribution.addedAtSeconds()
                        && loss.atSeconds() < attribution.addedAtSeconds() + days * 86_400L);
    }
}
