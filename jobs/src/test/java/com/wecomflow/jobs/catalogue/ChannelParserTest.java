package com.wecomflow.jobs.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomflow.jobs.records.ChannelUpdate;
import com.wecomflow.parse.ParseException;
import com.wecomflow.records.DeadLetterKind;
import org.junit.jupiter.api.Test;

class ChannelParserTest {

    private final ChannelParser parser = new ChannelParser();

    @Test
    void aFissionCodeKeepsEveryFieldAndAStoreCodeGetsTheDefaults() throws Exception {
        ChannelUpdate fission = parser.parse("ww1/fis-wmP1", """
                {"corp_id":"ww1","state":"fis-wmP1","name":"春季裂变·张三","kind":"fission","campaign":"spring",
                 "region":"","store":"","inviter":"wmP1","target":3}""").orElseThrow();
        ChannelUpdate store = parser.parse("ww1/store-sh-01", """
                {"corp_id":"ww1","state":"store-sh-01","kind":"store","region":"华东","store":"上海徐汇店","name":null}""")
                .orElseThrow();

        assertThat(fission).isEqualTo(new ChannelUpdate(
                "ww1", "fis-wmP1", "春季裂变·张三", "fission", "spring", "", "", "wmP1", 3, false));
        assertThat(store).isEqualTo(new ChannelUpdate(
                "ww1", "store-sh-01", "", "store", "", "华东", "上海徐汇店", "", 0, false));
    }

    @Test
    void aStateOfThirtyCharactersIsTakenAndOneOfThirtyOneIsNotCountingCharactersNotUtf16Units() throws Exception {
        String thirty = "😀".repeat(30);
        assertThat(parser.parse(line("ww1", thirty, "")).orElseThrow().state()).isEqualTo(thirty);

        assertRejected(line("ww1", "a".repeat(31), ""), DeadLetterKind.INVALID_VALUE,
                "channel ww1/" + "a".repeat(31) + ": state must be at most 30 characters (WeCom's limit), got 31");
    }

    @Test
    void corpIdAndStateAreRequiredNonEmptyStrings() {
        assertRejected("{\"state\":\"s1\"}", DeadLetterKind.MISSING_FIELD, "missing required field corp_id");
        assertRejected("{\"corp_id\":\"ww1\",\"state\":\"\"}", DeadLetterKind.MISSING_FIELD, "missing required field state");
        assertRejected("{\"corp_id\":\"ww1\",\"state\":null}", DeadLetterKind.MISSING_FIELD, "missing required field state");
        assertRejected("{\"corp_id\":\"ww1\",\"state\":42}", DeadLetterKind.WRONG_TYPE, "field state must be a string, got NUMBER");
        assertRejected("{\"corp_id\":\"w/1\",\"state\":\"s1\"}", DeadLetterKind.INVALID_VALUE,
                "channel w/1/s1: corp_id must not contain / (the topic is keyed corp/state)");
    }

    @Test
    void anUnknownKeyIsRefusedByName() {
        assertRejected(line("ww1", "s1", ",\"nmae\":\"typo\""), DeadLetterKind.INVALID_VALUE,
                "channel ww1/s1: unknown key nmae (known: corp_id, state, name, kind, campaign, region, store, inviter, target)");
    }

    @Test
    void theOptionalFieldsMustHaveTheirTypes() {
        assertRejected(line("ww1", "s1", ",\"region\":[\"华东\"]"), DeadLetterKind.WRONG_TYPE,
                "channel ww1/s1: field region must be a string, got ARRAY");
        assertRejected(line("ww1", "s1", ",\"target\":\"3\""), DeadLetterKind.WRONG_TYPE,
                "channel ww1/s1: target must be a non-negative integer, got \"3\"");
        assertRejected(line("ww1", "s1", ",\"target\":2.5"), DeadLetterKind.WRONG_TYPE,
                "channel ww1/s1: target must be a non-negative integer, got 2.5");
        assertRejected(line("ww1", "s1", ",\"target\":-1"), DeadLetterKind.INVALID_VALUE,
                "channel ww1/s1: target must be between 0 and 4294967295, got -1");
        assertRejected(line("ww1", "s1", ",\"target\":4294967296"), DeadLetterKind.INVALID_VALUE,
                "channel ww1/s1: target must be between 0 and 4294967295, got 4294967296");
    }

    @Test
    void aLineThatIsNotAJsonObjectIsNotJson() {
        assertRejected("[\"ww1\",\"s1\"]", DeadLetterKind.NOT_JSON, "not a JSON object");
        assertRejected("{\"corp_id\":\"ww1\",", DeadLetterKind.NOT_JSON, null);
    }

    @Test
    void aValueMustBeAboutTheEntryItsKeyNames() throws Exception {
        assertThat(parser.parse("ww1/s1", line("ww1", "s1", "")).orElseThrow().state()).isEqualTo("s1");
        assertThatThrownBy(() -> parser.parse("ww1/s2", line("ww1", "s1", "")))
                .isInstanceOfSatisfying(ParseException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DeadLetterKind.INVALID_VALUE);
                    assertThat(e.getMessage()).isEqualTo("channel ww1/s1: the record's key is ww1/s2, not corp_id/state ww1/s1");
                });
    }

    @Test
    void aTombstoneDeletesTheEntryItsKeyNamesAndOneWithoutSuchAKeyIsRejected() throws Exception {
        assertThat(parser.parseTombstone("ww1/poster/7").orElseThrow())
                .isEqualTo(new ChannelUpdate("ww1", "poster/7", "", "", "", "", "", "", 0, true));
        assertThatThrownBy(() -> parser.parseTombstone("s1"))
                .isInstanceOfSatisfying(ParseException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DeadLetterKind.NO_VALUE);
                    assertThat(e.getMessage()).isEqualTo(
                            "a record without a value deletes the channel its key corp/state names; its key is s1");
                });
        assertThatThrownBy(() -> parser.parseTombstone(null)).hasMessageEndingWith("its key is missing");
    }

    private static String line(String corpId, String state, String more) {
        return "{\"corp_id\":\"" + corpId + "\",\"state\":\"" + state + "\"" + more + "}";
    }

    private void assertRejected(String text, DeadLetterKind kind, String reason) {
        assertThatThrownBy(() -> parser.parse(text)).isInstanceOfSatisfying(ParseException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            if (reason != null) {
                assertThat(e.getMessage()).isEqualTo(reason);
            }
        });
    }
}
