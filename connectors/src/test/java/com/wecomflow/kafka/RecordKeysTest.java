package com.wecomflow.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RecordKeysTest {

    @Test
    void aLongKeyIsHashedSoThatItStaysBoundedAndTheSameChatKeepsOneKey() {
        String tolist = IntStream.range(0, 2_000).mapToObj(i -> "\"user" + i + "\"").collect(Collectors.joining(","));
        String message = "{\"corpid\":\"ww1\",\"from\":\"wmA\",\"tolist\":[" + tolist + "],\"roomid\":\"\"}";

        String key = RecordKeys.archiveKey(message);

        assertThat(key).hasSizeLessThanOrEqualTo(RecordKeys.MAX_KEY_CHARS).startsWith("sha256:");
        assertThat(RecordKeys.archiveKey(message.replace("\"roomid\"", "\"msgid\":\"m2\",\"roomid\""))).isEqualTo(key);
        assertThat(RecordKeys.archiveKey("x".repeat(100_000))).hasSizeLessThanOrEqualTo(RecordKeys.MAX_KEY_CHARS);
        assertThat(RecordKeys.archiveKey("{\"corpid\":\"ww1\",\"roomid\":\"r1\"}")).isEqualTo("ww1/r1");
    }

    @Test
    void aCatalogueLineIsKeyedCorpSlashStateNeverHashedAndTheKeyReadsBackAtTheFirstSlash() {
        String state = "poster/" + "码".repeat(24);
        String corp = "ww" + "1".repeat(300);

        String key = RecordKeys.channelKey("{\"corp_id\":\"" + corp + "\",\"name\":\"x\",\"state\":\"" + state + "\"}");

        assertThat(key).isEqualTo(corp + "/" + state);
        assertThat(RecordKeys.ChannelKey.parse(key)).isEqualTo(new RecordKeys.ChannelKey(corp, state));
        assertThat(RecordKeys.ChannelKey.parse("ww1")).isNull();
        assertThat(RecordKeys.ChannelKey.parse("/s1")).isNull();
        assertThat(RecordKeys.ChannelKey.parse("ww1/")).isNull();
        assertThat(RecordKeys.ChannelKey.parse(null)).isNull();
        assertThat(RecordKeys.channelKey("{\"corp_id\":\"ww1\",\"state\":7}")).isEqualTo("{\"corp_id\":\"ww1\",\"state\":7}");
        assertThat(RecordKeys.channelKey("not json")).isEqualTo("not json");
    }
}
