package com.wecomflow.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wecomflow.records.ArchiveMessage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckinDetectorTest {

    private static final String ROOM = "wrLUMvDQAAIMv5wrmRAjdlPFy7ghXMjg";

    private final CheckinDetector detector = CheckinDetector.withDefaults();

    private static ArchiveMessage message(String action, String roomId, String msgType, String content) {
        return new ArchiveMessage(
                "wwd2a4f6b8c0e2a4f6",
                "msg-" + action + "-" + msgType,
                null,
                action,
                "wmErxtDgAA9AW32YyyuYRimKr7D1KWlw",
                List.of("kenshawn"),
                roomId,
                1_700_000_000_000L,
                msgType,
                "text".equals(msgType) ? content : null,
                content == null ? List.of() : List.of(content));
    }

    private static ArchiveMessage groupText(String content) {
        return message("send", ROOM, "text", content);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "签到", "签到！", " 打卡 ", "#签到#", "签到😀", "【签到】", "签到。", "~打卡~",
        "\u200B签到\u200B", "\uFEFF签到", "签到👍🏻", "签到\u2764\uFE0F", "　签到　"
    })
    void checkinsInAGroup(String content) {
        assertThat(detector.isCheckinText(content)).as("text %s", content).isTrue();
        assertThat(detector.isCheckin(groupText(content))).as("message %s", content).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"签 到", "今天签到了", "签到签到", "签到2", "签", "", "!!", "daka", "签\u200B到x"})
    void notCheckins(String content) {
        assertThat(detector.isCheckinText(content)).as("text %s", content).isFalse();
        assertThat(detector.isCheckin(groupText(content))).as("message %s", content).isFalse();
    }

    @Test
    void oneToOneCheckinTextIsNotACheckin() {
        ArchiveMessage oneToOne = message("send", "", "text", "签到");
        assertThat(oneToOne.isCounted()).isTrue();
        assertThat(detector.isCheckin(oneToOne)).isFalse();
    }

    @Test
    void recallIsNotACheckin() {
        // a recall record that still carries the text must not count
        assertThat(detector.isCheckin(message("recall", ROOM, "text", "签到"))).isFalse();
        // the SDK's actual shape of a recall: msgtype revoke
        assertThat(detector.isCheckin(message("recall", ROOM, "revoke", "签到"))).isFalse();
        assertThat(detector.isCheckin(message("send", ROOM, "revoke", "签到"))).isFalse();
    }

    @Test
    void nonTextMessagesAreNotCheckins() {
        assertThat(detector.isCheckin(message("send", ROOM, "image", null))).isFalse();
        // a markdown with the keyword as content is not a text message
        assertThat(detector.isCheckin(message("send", ROOM, "markdown", "签到"))).isFalse();
    }

    @Test
    void switchRecordIsNotACheckin() {
        ArchiveMessage switchRecord = new ArchiveMessage(
                "wwd2a4f6b8c0e2a4f6", "125289002219525886280", null, "switch", "XuJinSheng",
                List.of(), "", 1554119421840L, null, null, List.of());
        assertThat(detector.isCheckin(switchRecord)).isFalse();
    }

    @Test
    void customKeywordsAreCaseAndWidthFolded() {
        CheckinDetector custom = new CheckinDetector(List.of("Daka", "Check In"));

        assertThat(custom.isCheckinText("ｄａｋａ!")).isTrue();
        assertThat(custom.isCheckinText("ＤＡＫＡ")).isTrue();
        assertThat(custom.isCheckinText("DaKa 🎉")).isTrue();
        assertThat(custom.isCheckinText("checkin")).isTrue();
        assertThat(custom.isCheckinText("check in")).isFalse();
        // the defaults are replaced, not extended
        assertThat(custom.isCheckinText("签到")).isFalse();
        assertThat(custom.isCheckin(groupText("ｄａｋａ!"))).isTrue();
    }

    @Test
    void keywordConfiguredWithInnerSeparatorsIsStoredWithout() {
        CheckinDetector spaced = new CheckinDetector(List.of("签 到"));

        assertThat(spaced.isCheckinText("签到")).isTrue();
        assertThat(spaced.isCheckinText("签到！")).isTrue();
        // the text itself is only trimmed at the ends, so an inner space still fails
        assertThat(spaced.isCheckinText("签 到")).isFalse();
    }

    @Test
    void keywordWithoutLetterOrDigitIsRejected() {
        assertThatThrownBy(() -> new CheckinDetector(List.of("签到", "!!")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("!!");
        assertThatThrownBy(() -> new CheckinDetector(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
