package com.wecomflow.sinks.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.wecomflow.parse.Json;
import com.wecomflow.time.BusinessCalendar;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How rows are encoded for {@code INSERT ... FORMAT JSONEachRow}. */
class JsonRowEncodingTest {

    /** A row with every kind of column the result tables have. */
    public record SampleRow(
            String corpId,
            LocalDate statDate,
            String firstMsgAt,
            @JsonInclude(JsonInclude.Include.ALWAYS) Double replyPercentage,
            List<String> receivers,
            String excerpt,
            long version) {}

    @Test
    void encodesOneJsonLinePerRowWithTheTablesColumnNames() {
        BusinessCalendar shanghai = BusinessCalendar.shanghai();
        long justBeforeMidnight = shanghai.startOf(LocalDate.of(2026, 11, 10)) - 500;
        SampleRow row = new SampleRow(
                "wwcorp",
                shanghai.dateOf(justBeforeMidnight),
                shanghai.formatDateTime(justBeforeMidnight),
                null,
                List.of("wmA", "lisi"),
                "他说：\"加微信\"\n然后\\走了\t😀",
                1_795_000_000_000L);

        String line = new String(new ClickHouseSink.JsonRow<SampleRow>().apply(row, null), StandardCharsets.UTF_8);

        assertThat(line).isEqualTo("{\"corp_id\":\"wwcorp\",\"stat_date\":\"2026-11-09\","
                + "\"first_msg_at\":\"2026-11-09 23:59:59.500\",\"reply_percentage\":null,"
                + "\"receivers\":[\"wmA\",\"lisi\"],"
                + "\"excerpt\":\"他说：\\\"加微信\\\"\\n然后\\\\走了\\t😀\",\"version\":1795000000000}\n");
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
    }

    @Test
    void datesAndTimesAreInTheBusinessTimeZone() {
        long instant = 1_794_153_600_000L;

        assertThat(BusinessCalendar.shanghai().formatDateTime(instant)).isEqualTo("2026-11-09 00:00:00.000");
        assertThat(new BusinessCalendar("UTC").formatDateTime(instant)).isEqualTo("2026-11-08 16:00:00.000");
        assertThat(Json.toRowJson(new SampleRow("c", new BusinessCalendar("UTC").dateOf(instant), "", 6.0, List.of(), "", 1)))
                .contains("\"stat_date\":\"2026-11-08\"").contains("\"reply_percentage\":6.0").contains("\"receivers\":[]");
    }
}
