package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./run replay --channels FILE}: the catalogue file's lines go through the topic in order,
 * so a later line for an entry replaces an earlier one; a byte-order mark is skipped; a line that
 * is not UTF-8 or not a valid entry is a dead letter naming the file and line.
 */
class ChannelCatalogueReplayTest {

    @TempDir
    Path dir;

    @Test
    void theCatalogueFileBecomesTheChannelsTableLaterLinesWinningAndBadLinesDeadLettered() throws Exception {
        Path callbacks = Files.writeString(dir.resolve("callbacks.jsonl"), "");
        Path messages = Files.writeString(dir.resolve("messages.jsonl"), "");
        Path channels = dir.resolve("channels.jsonl");
        ByteArrayOutputStream catalogue = new ByteArrayOutputStream();
        catalogue.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        catalogue.writeBytes(String.join("\n",
                "{\"corp_id\":\"ww1\",\"state\":\"wx-menu\",\"name\":\"公众号菜单\",\"kind\":\"channel\"}",
                "{\"corp_id\":\"ww1\",\"state\":\"store-sz-01\",\"name\":\"南山店\",\"kind\":\"store\",\"region\":\"华南\",\"store\":\"深圳南山店\"}",
                "{\"corp_id\":\"ww1\",\"state\":\"wx-menu\",\"name\":\"公众号底部菜单\",\"kind\":\"channel\"}",
                "",
                "{\"corp_id\":\"ww1\",\"state\":\"fis-wmP1\",\"kind\":\"fission\",\"campaign\":\"spring\",\"inviter\":\"wmP1\",\"target\":-3}",
                "").getBytes(StandardCharsets.UTF_8));
        catalogue.writeBytes("{\"corp_id\":\"ww1\",\"state\":\"gbk\",\"name\":\"".getBytes(StandardCharsets.UTF_8));
        catalogue.writeBytes("门店".getBytes("GBK"));
        catalogue.writeBytes("\"}\n".getBytes(StandardCharsets.UTF_8));
        Files.write(channels, catalogue.toByteArray());
        Path out = dir.resolve("out");

        int status = WeComFlowCli.execute("replay", "--callbacks", callbacks.toString(), "--messages", messages.toString(),
                "--channels", channels.toString(), "--out", out.toString());

        assertThat(status).isZero();
        assertThat(Replays.rowsWithoutVersion(out, "channels")).containsExactly(
                "{\"corp_id\":\"ww1\",\"state\":\"store-sz-01\",\"name\":\"南山店\",\"kind\":\"store\",\"campaign\":\"\","
                        + "\"region\":\"华南\",\"store\":\"深圳南山店\",\"inviter\":\"\",\"target\":0,\"is_deleted\":0}",
                "{\"corp_id\":\"ww1\",\"state\":\"wx-menu\",\"name\":\"公众号底部菜单\",\"kind\":\"channel\",\"campaign\":\"\","
                        + "\"region\":\"\",\"store\":\"\",\"inviter\":\"\",\"target\":0,\"is_deleted\":0}");
        List<JsonNode> deadLetters = Replays.readLines(out.resolve("deadletter.jsonl"));
        assertThat(deadLetters).extracting(letter -> letter.path("file").asText(), letter -> letter.path("line").asLong(),
                        letter -> letter.path("job").asText())
                .containsExactlyInAnyOrder(
                        tuple("channels.jsonl", 5L, "channel-catalogue"),
                        tuple("channels.jsonl", 6L, "channel-catalogue"));
        assertThat(deadLetters).extracting(letter -> letter.path("reason").asText()).anySatisfy(reason ->
                assertThat(reason).isEqualTo("channel ww1/fis-wmP1: target must be between 0 and 4294967295, got -3"))
                .anySatisfy(reason -> assertThat(reason).startsWith("not valid UTF-8"));
    }
}
