package com.wecomflow.runner;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.mapping;
import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.parse.ArchiveMessageParser;
import com.wecomflow.parse.CallbackEventParser;
import com.wecomflow.parse.ParseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void theSameSeedWritesTheSameFilesAndAnotherSeedDoesNot() throws Exception {
        new TenantGenerator(5, 120, 42).writeTo(dir.resolve("a"));
        new TenantGenerator(5, 120, 42).writeTo(dir.resolve("b"));
        new TenantGenerator(5, 120, 43).writeTo(dir.resolve("c"));

        for (String file : List.of(TenantGenerator.CALLBACKS_FILE, TenantGenerator.MESSAGES_FILE, TenantGenerator.CHANNELS_FILE)) {
            byte[] first = Files.readAllBytes(dir.resolve("a").resolve(file));
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(file))).isEqualTo(first);
            assertThat(Files.readAllBytes(dir.resolve("c").resolve(file))).isNotEqualTo(first);
        }
    }

    @Test
    void writesWeComNativeRecordsWithRetriesAndAFewMalformedLines() throws Exception {
        TenantGenerator.Stats stats = new TenantGenerator(7, 300, 1).writeTo(dir);

        int malformed = 0;
        Set<String> distinctCallbacks = new HashSet<>();
        List<String> callbackLines = Files.readAllLines(dir.resolve(TenantGenerator.CALLBACKS_FILE));
        for (String line : callbackLines) {
            try {
                new CallbackEventParser().parse(line);
                distinctCallbacks.add(line);
            } catch (ParseException e) {
                malformed++;
            }
        }
        List<String> messageLines = Files.readAllLines(dir.resolve(TenantGenerator.MESSAGES_FILE));
        long checkins = 0;
        for (String line : messageLines) {
            try {
                var message = new ArchiveMessageParser().parse(line);
                if (message.isPresent() && message.get().textContent() != null
                        && message.get().textContent().contains("签到")) {
                    checkins++;
                }
            } catch (ParseException e) {
                malformed++;
            }
        }
        assertThat(malformed).isEqualTo(stats.malformed()).isPositive();
        assertThat(callbackLines.size() - distinctCallbacks.size()).as("retried callbacks").isPositive();
        assertThat(checkins).isPositive();
        assertThat(callbackLines).anyMatch(line -> line.contains("\"State\":\"store_qr_shanghai\""));
        assertThat(callbackLines).anyMatch(line -> line.contains("\"MemChangeList\":\"w"));
        assertThat(callbackLines).anyMatch(line -> line.contains("\"MemChangeList\":[\"w"));
        assertThat(messageLines).anyMatch(line -> line.contains("\"action\":\"recall\""));
        assertThat(messageLines).anyMatch(line -> line.contains("\"action\":\"switch\""));
    }

    @Test
    void theCatalogueNamesEveryCodeOfTheCallbacksButTheTwoLeftOutOnPurpose() throws Exception {
        TenantGenerator.Stats stats = new TenantGenerator(20, 600, 4).writeTo(dir);
        GeneratedTenant tenant = GeneratedTenant.read(dir);

        assertThat(tenant.catalogue).hasSize(stats.catalogueEntries());
        for (JsonNode line : tenant.catalogue) {
            assertThat(fieldNames(line)).as(line.toString()).containsExactlyInAnyOrder(
                    "corp_id", "state", "name", "kind", "campaign", "region", "store", "inviter", "target");
            assertThat(line.get("corp_id").asText()).isEqualTo(tenant.corpIds.iterator().next());
            assertThat(line.get("state").asText()).isNotEmpty().hasSizeLessThanOrEqualTo(30);
            assertThat(line.get("target").isInt()).as(line.toString()).isTrue();
        }
        assertThat(tenant.corpIds).hasSize(1);
        assertThat(tenant.catalogue).extracting(line -> line.get("state").asText()).doesNotHaveDuplicates();

        Set<String> codesUsed = tenant.attributions.values().stream()
                .map(GeneratedTenant.Attribution::state).filter(state -> !state.isEmpty()).collect(toSet());
        Set<String> uncatalogued = codesUsed.stream().filter(state -> tenant.entry(state).isEmpty()).collect(toSet());
        assertThat(uncatalogued).containsExactlyInAnyOrder("offline_salon_1116", "kol_collab_x");

        Map<String, Set<String>> storesByRegion = tenant.catalogue.stream()
                .filter(line -> line.get("kind").asText().equals("store"))
                .collect(groupingBy(line -> line.get("region").asText(), mapping(line -> line.get("store").asText(), toSet())));
        assertThat(storesByRegion).isEqualTo(Map.of(
                "华东", Set.of("上海南京西路店", "杭州湖滨店"), "华南", Set.of("广州天河店", "深圳万象城店")));
        assertThat(tenant.entry("douyin_live_1108")).hasValueSatisfying(
                line -> assertThat(line.get("kind").asText()).isEqualTo("channel"));
    }

    @Test
    void fissionFriendsAddTheirInvitersEmployeeAfterTheInviterSomeLeaveWithinTheHoldAndSomeInviteInTurn() throws Exception {
        TenantGenerator.Stats stats = new TenantGenerator(20, 600, 4).writeTo(dir);
        GeneratedTenant tenant = GeneratedTenant.read(dir);

        List<JsonNode> posters = tenant.catalogue.stream().filter(line -> line.get("kind").asText().equals("fission")).toList();
        assertThat(posters).hasSize(stats.fissionParticipants()).allSatisfy(poster -> {
            assertThat(poster.get("campaign").asText()).isEqualTo("spring-fission");
            assertThat(poster.get("target").asInt()).isEqualTo(3);
            assertThat(tenant.attributions).containsKey(poster.get("inviter").asText());
        });
        Map<String, List<String>> invitesByInviter = tenant.attributions.entrySet().stream()
                .filter(customer -> tenant.entry(customer.getValue().state())
                        .filter(code -> code.get("kind").asText().equals("fission")).isPresent())
                .collect(groupingBy(customer -> tenant.entry(customer.getValue().state()).get().get("inviter").asText(),
                        mapping(Map.Entry::getKey, Collectors.toList())));
        assertThat(invitesByInviter.values().stream().mapToInt(List::size).sum()).isEqualTo(stats.fissionInvites());

        invitesByInviter.forEach((inviter, invites) -> {
            GeneratedTenant.Attribution inviterAdd = tenant.attributions.get(inviter);
            assertThat(invites).allSatisfy(invite -> {
                GeneratedTenant.Attribution inviteAdd = tenant.attributions.get(invite);
                assertThat(inviteAdd.addedAtSeconds()).as(invite).isGreaterThan(inviterAdd.addedAtSeconds());
                assertThat(inviteAdd.userId()).as(invite).isEqualTo(inviterAdd.userId());
            });
        });
        Set<String> secondGeneration = invitesByInviter.keySet().stream()
                .filter(inviter -> tenant.entry(tenant.attributions.get(inviter).state())
                        .filter(code -> code.get("kind").asText().equals("fission")).isPresent())
                .collect(toSet());
        assertThat(secondGeneration).as("inviters who were invited themselves").isNotEmpty();

        List<String> allInvites = invitesByInviter.values().stream().flatMap(List::stream).toList();
        assertThat(allInvites).filteredOn(invite -> tenant.lostWithin(invite, 7)).as("invites lost within the hold").isNotEmpty();
        assertThat(invitesByInviter.values()).as("an inviter with 3 invites kept past the hold")
                .anyMatch(invites -> invites.stream().filter(invite -> !tenant.lostWithin(invite, 7)).count() >= 3);
    }

    @Test
    void someCustomersSitInTwoOrThreeGroupsAndSomeOfThemLeaveOne() throws Exception {
        new TenantGenerator(20, 600, 4).writeTo(dir);
        GeneratedTenant tenant = GeneratedTenant.read(dir);

        Map<Integer, Long> customersByGroupCount = tenant.groupsJoined.values().stream()
                .collect(groupingBy(Set::size, Collectors.counting()));
        assertThat(customersByGroupCount).containsKeys(1, 2, 3);
        assertThat(customersByGroupCount.get(1)).isGreaterThan(customersByGroupCount.get(2) + customersByGroupCount.get(3));
        assertThat(tenant.groupsLeft).as("customers in several groups who left one of them")
                .anySatisfy((customer, left) -> assertThat(tenant.groupsJoined.get(customer)).hasSizeGreaterThan(left.size()));
    }

    private static List<String> fieldNames(JsonNode line) {
        List<String> names = new ArrayList<>();
        line.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
