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
}
