package com.wecomflow.runner;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.mapping;
import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.parse.ArchiveMessageParser;
import com.wecomflow.parse.CallbackEventParser;
import com.wecomflow.parse.Json;
import com.wecomflow.parse.ParseException;
import com.wecomflow.records.ArchiveMessage;
import com.wecomflow.records.MemberType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
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

    @Test
    void employeesSendRedPacketsCardsAndFilesInWeComsPayloadShapesMostlyToCustomersOneToOne() throws Exception {
        new TenantGenerator(20, 600, 4).writeTo(dir);
        GeneratedTenant tenant = GeneratedTenant.read(dir);

        Map<String, String> payloadKeys = Map.of("external_redpacket", "redpacket", "card", "card", "file", "file");
        List<ArchiveMessage> sends = tenant.counted.values().stream()
                .filter(message -> payloadKeys.containsKey(message.msgType())).toList();
        assertThat(sends).allSatisfy(send -> assertThat(MemberType.isCustomer(send.from())).as(send.msgId()).isFalse());
        for (String msgtype : payloadKeys.keySet()) {
            List<ArchiveMessage> ofType = sends.stream().filter(send -> send.msgType().equals(msgtype)).toList();
            assertThat(ofType).as(msgtype + " one-to-one to a customer").anySatisfy(send -> {
                assertThat(send.isOneToOne()).isTrue();
                assertThat(send.toList()).singleElement().satisfies(to -> assertThat(MemberType.isCustomer(to)).isTrue());
            });
        }
        assertThat(sends.stream().filter(ArchiveMessage::isGroupMessage).count()).as("a few in groups")
                .isPositive().isLessThan(sends.stream().filter(ArchiveMessage::isOneToOne).count());

        for (ArchiveMessage send : sends) {
            JsonNode record = tenant.countedRecords.get(send.identity());
            JsonNode payload = record.get(payloadKeys.get(send.msgType()));
            assertThat(payload).as(record.toString()).isNotNull();
            switch (send.msgType()) {
                case "external_redpacket" -> {
                    assertThat(fieldNames(payload)).containsExactly("type", "wish", "totalcnt", "totalamount");
                    assertThat(payload.get("type").asInt()).as("1 to one person, 2 a group's lucky draw")
                            .isEqualTo(send.isGroupMessage() ? 2 : 1);
                    assertThat(record.has("external_redpacket")).isFalse();
                }
                case "card" -> assertThat(fieldNames(payload)).containsExactly("corpname", "userid");
                default -> {
                    assertThat(fieldNames(payload)).containsExactly("md5sum", "filename", "fileext", "filesize", "sdkfileid");
                    assertThat(payload.get("filename").asText()).endsWith("." + payload.get("fileext").asText());
                }
            }
        }
        JsonNode behaviourRule = Json.MAPPER.readTree(Files.readAllLines(dir.resolve(TenantGenerator.RULES_FILE)).stream()
                .filter(line -> line.contains("red-packet-to-customer")).findFirst().orElseThrow());
        assertThat(behaviourRule.get("type").asText()).isEqualTo("behavior");
        assertThat(behaviourRule.get("msgtypes")).containsExactly(Json.MAPPER.getNodeFactory().textNode("external_redpacket"));
        assertThat(behaviourRule.get("sender").asText()).isEqualTo("employee");
        assertThat(behaviourRule.get("chat").asText()).isEqualTo("single");
    }

    @Test
    void oneMemberFloodsAGroupTwiceAndOnceSendsAsManyAcrossTheEndOfAMinute() throws Exception {
        new TenantGenerator(20, 600, 4).writeTo(dir);
        GeneratedTenant tenant = GeneratedTenant.read(dir);

        // Counted messages per (group, sender, minute of the Unix epoch): builtin.flood's windows.
        Map<List<String>, Long> perWindow = tenant.counted.values().stream().filter(ArchiveMessage::isGroupMessage)
                .collect(groupingBy(message -> List.of(message.roomId(), message.from(),
                        Long.toString(message.msgTimeMillis() / 60_000)), Collectors.counting()));
        Map<List<String>, Long> floods = perWindow.entrySet().stream().filter(window -> window.getValue() >= 10)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(floods.values()).containsExactlyInAnyOrder(12L, 15L);
        assertThat(floods.keySet()).extracting(window -> window.subList(0, 2)).containsOnly(floods.keySet().iterator().next().subList(0, 2));
        List<String> flooder = floods.keySet().iterator().next().subList(0, 2);
        assertThat(MemberType.isCustomer(flooder.get(1))).isTrue();

        // Twelve in twenty seconds, split by a minute's end: no window of ten.
        assertThat(perWindow).as("two adjacent minutes of the flooder with 10 or more together, neither 10 alone")
                .anySatisfy((window, count) -> {
                    assertThat(window.subList(0, 2)).isEqualTo(flooder);
                    String nextMinute = Long.toString(Long.parseLong(window.get(2)) + 1);
                    long next = perWindow.getOrDefault(List.of(flooder.get(0), flooder.get(1), nextMinute), 0L);
                    assertThat(count).isLessThan(10);
                    assertThat(next).isPositive().isLessThan(10);
                    assertThat(count + next).isGreaterThanOrEqualTo(10);
                });
    }

    @Test
    void oneEmployeeDeletesTwentyThreeCustomersInOneDayAndAnotherNineteenOnAnother() throws Exception {
        new TenantGenerator(20, 600, 4).writeTo(dir);
        GeneratedTenant tenant = GeneratedTenant.read(dir);

        List<Map.Entry<String, Integer>> busiestDays = new ArrayList<>();
        tenant.removals.forEach((employee, days) -> days.forEach((day, customers) ->
                busiestDays.add(Map.entry(employee + " " + day, customers.size()))));
        busiestDays.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        assertThat(busiestDays.get(0).getValue()).isEqualTo(TenantGenerator.MASS_DELETIONS);
        assertThat(busiestDays.get(1).getValue()).isEqualTo(TenantGenerator.DELETIONS_BELOW_THRESHOLD);
        assertThat(busiestDays.get(2).getValue()).as("everyone else deletes a handful a day").isLessThan(5);
        String massDeleter = busiestDays.get(0).getKey().split(" ")[0];
        assertThat(busiestDays.get(1).getKey()).doesNotStartWith(massDeleter + " ");

        // Each deleted customer is one the employee added before, and WeCom's record says where it came from.
        tenant.removals.get(massDeleter).values().stream().flatMap(Set::stream).forEach(customer ->
                assertThat(tenant.attributions.get(customer).userId()).as(customer).isEqualTo(massDeleter));
        assertThat(tenant.removalRecords).isNotEmpty().allSatisfy(record -> assertThat(record.has("Source")).isTrue());
    }

    @Test
    void customersAreAnsweredWithinHalfAnHourOfWorkingTimeOrLateOrTheNextMorningOrNever() throws Exception {
        new TenantGenerator(20, 600, 4).writeTo(dir);
        GeneratedTenant tenant = GeneratedTenant.read(dir);

        Map<String, Long> waitsByOutcome = replyWaits(tenant.counted.values()).stream()
                .collect(groupingBy(ReplyWait::outcome, Collectors.counting()));

        assertThat(waitsByOutcome).containsOnlyKeys("in hours, in time", "in hours, late", "outside hours, in time",
                "outside hours, late", "never answered");
        long waits = waitsByOutcome.values().stream().mapToLong(Long::longValue).sum();
        long breaches = waits - waitsByOutcome.get("in hours, in time") - waitsByOutcome.get("outside hours, in time");
        assertThat(waitsByOutcome.get("in hours, in time")).as("most").isGreaterThan(waits / 2);
        assertThat(waitsByOutcome.get("never answered")).isGreaterThan(5);
        assertThat(100.0 * breaches / waits).as("share of waits breaching the 30 minutes").isBetween(5.0, 25.0);
    }

    /** A customer's wait in a one-to-one chat (DESIGN 5b), with the monitor's defaults: 30 minutes of 09:00-18:00, every day. */
    private record ReplyWait(long openedAt, Long answeredAt) {
        private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
        private static final LocalTime OPENS = LocalTime.of(9, 0);
        private static final LocalTime CLOSES = LocalTime.of(18, 0);
        private static final Duration SLA = Duration.ofMinutes(30);

        boolean openedInWorkingHours() {
            LocalTime clock = Instant.ofEpochMilli(openedAt).atZone(ZONE).toLocalTime();
            return !clock.isBefore(OPENS) && clock.isBefore(CLOSES);
        }

        /** 30 minutes of working time after the wait opened, counted from the next opening when outside working hours. */
        long dueAt() {
            ZonedDateTime opened = Instant.ofEpochMilli(openedAt).atZone(ZONE);
            ZonedDateTime start = opened.toLocalTime().isBefore(OPENS) ? opened.with(OPENS)
                    : opened.toLocalTime().isBefore(CLOSES) ? opened : opened.plusDays(1).with(OPENS);
            Duration leftToday = Duration.between(start.toLocalTime(), CLOSES);
            ZonedDateTime due = leftToday.compareTo(SLA) >= 0 ? start.plus(SLA)
                    : start.plusDays(1).with(OPENS).plus(SLA.minus(leftToday));
            return due.toInstant().toEpochMilli();
        }

        String outcome() {
            if (answeredAt == null) {
                return "never answered";
            }
            return (openedInWorkingHours() ? "in hours, " : "outside hours, ") + (answeredAt < dueAt() ? "in time" : "late");
        }
    }

    /**
     * The waits of every one-to-one chat: one opens at a customer message when none is open and is
     * answered by the employee's first message at or after it; the next opens after the answer.
     */
    private static List<ReplyWait> replyWaits(Collection<ArchiveMessage> messages) {
        Map<List<String>, List<ArchiveMessage>> chats = new HashMap<>();
        for (ArchiveMessage message : messages) {
            if (!message.isOneToOne()) {
                continue;
            }
            boolean fromCustomer = MemberType.isCustomer(message.from());
            for (String to : message.toList()) {
                if (MemberType.isCustomer(to) != fromCustomer) {
                    List<String> chat = fromCustomer ? List.of(to, message.from()) : List.of(message.from(), to);
                    chats.computeIfAbsent(chat, c -> new ArrayList<>()).add(message);
                }
            }
        }
        List<ReplyWait> waits = new ArrayList<>();
        for (List<ArchiveMessage> chat : chats.values()) {
            chat.sort(Comparator.comparingLong(ArchiveMessage::msgTimeMillis));
            Long answeredAt = Long.MIN_VALUE;
            for (ArchiveMessage message : chat) {
                if (MemberType.isCustomer(message.from()) && message.msgTimeMillis() > answeredAt) {
                    answeredAt = chat.stream().filter(reply -> !MemberType.isCustomer(reply.from())
                                    && reply.msgTimeMillis() >= message.msgTimeMillis())
                            .map(ArchiveMessage::msgTimeMillis).findFirst().orElse(null);
                    waits.add(new ReplyWait(message.msgTimeMillis(), answeredAt));
                    if (answeredAt == null) {
                        break;
                    }
                }
            }
        }
        return waits;
    }

    private static List<String> fieldNames(JsonNode line) {
        List<String> names = new ArrayList<>();
        line.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
