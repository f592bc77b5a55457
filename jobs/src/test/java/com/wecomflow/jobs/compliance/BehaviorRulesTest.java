package com.wecomflow.jobs.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomflow.parse.ParseException;
import com.wecomflow.records.ArchiveMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class BehaviorRulesTest {

    private static final String RED_PACKETS_TO_CUSTOMERS = "{\"rule_id\":\"staff_red_packets\",\"type\":\"behavior\","
            + "\"msgtypes\":[\"redpacket\",\"external_redpacket\"],\"sender\":\"employee\",\"chat\":\"single\","
            + "\"category\":\"inducement\",\"severity\":\"high\"}";

    private static List<String> matching(String rule, ArchiveMessage message) throws ParseException {
        return RuleSet.of(List.of(RuleParser.parse(rule))).behaviorHits(message).stream()
                .map(hit -> hit.rule().ruleId() + " " + hit.matched() + " " + hit.rule().category() + "/"
                        + hit.rule().severity() + " [" + hit.excerpt() + "]")
                .toList();
    }

    private static ArchiveMessage message(String from, String roomId, String msgType) {
        return new ArchiveMessage("wwcorp", "m1", 1L, "send", from, List.of("wmB"), roomId, 1_793_000_000_000L,
                msgType, null, List.of());
    }

    @Test
    void aListedMsgtypeFromTheAskedSenderInTheAskedChatAlertsWithTheMsgtypeAsMatched() throws Exception {
        assertThat(matching(RED_PACKETS_TO_CUSTOMERS, message("zhangsan", "", "external_redpacket")))
                .containsExactly("staff_red_packets external_redpacket inducement/high []");
    }

    @Test
    void eachFieldOfTheRuleNarrowsWhatAlerts() throws Exception {
        assertThat(matching(RED_PACKETS_TO_CUSTOMERS, message("zhangsan", "", "text"))).as("msgtype not listed").isEmpty();
        assertThat(matching(RED_PACKETS_TO_CUSTOMERS, message("wmCustomer", "", "redpacket"))).as("a customer sent it").isEmpty();
        assertThat(matching(RED_PACKETS_TO_CUSTOMERS, message("zhangsan", "wrGroup", "redpacket"))).as("in a group").isEmpty();

        String customersInGroups = "{\"rule_id\":\"cards\",\"type\":\"behavior\",\"msgtypes\":[\"card\"],"
                + "\"sender\":\"customer\",\"chat\":\"group\"}";
        assertThat(matching(customersInGroups, message("wmCustomer", "wrGroup", "card")))
                .containsExactly("cards card behavior/medium []");
        assertThat(matching(customersInGroups, message("woCustomer", "", "card"))).as("one-to-one").isEmpty();
        assertThat(matching(customersInGroups, message("lisi", "wrGroup", "card"))).as("an employee").isEmpty();
    }

    @Test
    void senderAndChatDefaultToAny() throws Exception {
        String files = "{\"rule_id\":\"files\",\"type\":\"behavior\",\"msgtypes\":[\"file\"]}";
        for (ArchiveMessage message : List.of(message("lisi", "", "file"), message("wmA", "", "file"),
                message("lisi", "wrG", "file"), message("wmA", "wrG", "file"))) {
            assertThat(matching(files, message)).containsExactly("files file behavior/medium []");
        }
    }

    @Test
    void onlyCountedMessagesAlertAndADisabledRuleNever() throws Exception {
        String files = "{\"rule_id\":\"files\",\"type\":\"behavior\",\"msgtypes\":[\"file\",\"revoke\"]}";
        ArchiveMessage recall = new ArchiveMessage("wwcorp", "r1", 1L, "recall", "lisi", List.of("wmB"), "",
                1_793_000_000_000L, "revoke", null, List.of());
        assertThat(matching(files, recall)).isEmpty();
        assertThat(matching(files.replace("}", ",\"enabled\":false}"), message("lisi", "", "file"))).isEmpty();
    }

    @Test
    void unknownValuesAndKeysOfAnotherTypeAreRefusedNamingThem() {
        assertThatThrownBy(() -> RuleParser.parse(RED_PACKETS_TO_CUSTOMERS.replace("\"employee\"", "\"staff\"")))
                .isInstanceOf(ParseException.class)
                .hasMessage("rule staff_red_packets: sender must be employee, customer, any, got staff");
        assertThatThrownBy(() -> RuleParser.parse(RED_PACKETS_TO_CUSTOMERS.replace("\"single\"", "\"private\"")))
                .isInstanceOf(ParseException.class)
                .hasMessage("rule staff_red_packets: chat must be single, group, any, got private");
        assertThatThrownBy(() -> RuleParser.parse("{\"rule_id\":\"x\",\"type\":\"behavior\",\"msgtypes\":[]}"))
                .isInstanceOf(ParseException.class).hasMessageContaining("non-empty msgtypes");
        assertThatThrownBy(() -> RuleParser.parse("{\"rule_id\":\"x\",\"type\":\"behavior\",\"msgtypes\":[3]}"))
                .isInstanceOf(ParseException.class).hasMessageContaining("every msgtype must be a non-empty string");
        assertThatThrownBy(() -> RuleParser.parse(RED_PACKETS_TO_CUSTOMERS.replace("\"chat\"", "\"words\":[\"x\"],\"chat\"")))
                .isInstanceOf(ParseException.class)
                .hasMessage("rule staff_red_packets: key words belongs to keyword rules, not to behavior rules");
        assertThatThrownBy(() -> RuleParser.parse("{\"rule_id\":\"v\",\"type\":\"keyword\",\"words\":[\"x\"],\"sender\":\"any\"}"))
                .isInstanceOf(ParseException.class)
                .hasMessage("rule v: key sender belongs to behavior rules, not to keyword rules");
        assertThatThrownBy(() -> RuleParser.parse("{\"rule_id\":\"builtin.flood\",\"msgtypes\":[\"text\"]}"))
                .isInstanceOf(ParseException.class)
                .hasMessage("rule builtin.flood: key msgtypes belongs to behavior rules, not to the built-in builtin.flood");
        assertThatThrownBy(() -> RuleParser.parse("{\"rule_id\":\"x\",\"type\":\"behaviour\",\"msgtypes\":[\"file\"]}"))
                .isInstanceOf(ParseException.class);
    }

    @Test
    void aMonitorsIdIsABuiltInWhoseLineSetsOnlyWhatItGives() throws Exception {
        ComplianceRule flood = RuleParser.parse("{\"rule_id\":\"builtin.mass_deletion\",\"severity\":\"low\"}");

        assertThat(flood.type()).isEqualTo(ComplianceRule.BUILTIN);
        assertThat(flood.category()).isNull();
        assertThat(flood.severity()).isEqualTo("low");
        assertThat(flood.isActive()).isTrue();
    }
}
