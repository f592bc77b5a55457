package com.wecomflow.jobs.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.parse.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamedAlertTest {

    private static final ComplianceAlert ALERT = new ComplianceAlert("a1", "wwcorp", "", "2026-03-02 10:00:00.000",
            "wrGroup", "wmFlooder", "customer", List.of(), "builtin.flood", "flood", "medium", "12 messages", "",
            "2026-03-02 10:01:00.000", 5L, 0);

    @Test
    void theStreamCarriesEveryColumnOfTheRowFlatPlusRetracted() throws Exception {
        JsonNode streamed = Json.MAPPER.readTree(Json.toRowJson(StreamedAlert.of(ALERT)));
        JsonNode row = Json.MAPPER.readTree(Json.toRowJson(ALERT));

        List<String> names = new ArrayList<>();
        streamed.fieldNames().forEachRemaining(names::add);
        List<String> columns = new ArrayList<>();
        row.fieldNames().forEachRemaining(columns::add);
        assertThat(columns).as("the compliance_alerts columns, no more").containsExactly("alert_id", "corp_id", "msgid",
                "msg_time", "roomid", "sender", "sender_type", "receivers", "rule_id", "category", "severity", "matched",
                "excerpt", "detected_at", "version", "is_deleted");
        columns.add("retracted");
        assertThat(names).containsExactlyElementsOf(columns);
        assertThat(streamed.get("alert_id").asText()).isEqualTo("a1");
        assertThat(streamed.get("version").asLong()).isEqualTo(5L);
        assertThat(streamed.get("is_deleted").asInt()).isZero();
        assertThat(streamed.get("retracted").asBoolean()).isFalse();
    }

    @Test
    void aRetractionIsTheSameKeyWithRetractedTrueAndAHigherVersion() throws Exception {
        JsonNode streamed = Json.MAPPER.readTree(Json.toRowJson(StreamedAlert.of(ALERT.retraction(6L))));

        assertThat(StreamedAlert.of(ALERT.retraction(6L)).alertId()).isEqualTo("a1");
        assertThat(streamed.get("retracted").asBoolean()).isTrue();
        assertThat(streamed.get("is_deleted").asInt()).isEqualTo(1);
        assertThat(streamed.get("version").asLong()).isEqualTo(6L);
        assertThat(streamed.get("rule_id").asText()).isEqualTo("builtin.flood");
    }
}
