package com.wecomflow.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.wecomflow.ingress.CallbackReceiver;
import com.wecomflow.ingress.WeComCrypto;
import com.wecomflow.kafka.Topics;
import com.wecomflow.parse.CallbackEventParser;
import com.wecomflow.parse.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WeCom's callback protocol end to end: HTTP requests in, the contract's JSON in the topic (a real broker). */
class CallbackReceiverTest {

    private static final String TOKEN = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo";
    private static final String KEY = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt";
    private static final String CORP = "ww1436e0e65a779aee";
    private static final long NOW = 1_795_000_000L;

    @TempDir
    static Path dir;

    private static LocalKafkaBroker kafka;
    private static KafkaProducer<String, String> producer;
    private static CallbackReceiver receiver;
    private static final WeComCrypto WECOM = new WeComCrypto(TOKEN, KEY, CORP);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** A server that never answers fails a test instead of hanging it. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(20);
    private static final String SMALL_EVENT = "<xml><ToUserName>" + CORP + "</ToUserName><CreateTime>1794999990</CreateTime>"
            + "<Event>change_external_tag</Event></xml>";

    @BeforeAll
    static void start() throws Exception {
        kafka = LocalKafkaBroker.start(dir.resolve("kafka"));
        producer = WeComFlowCli.KafkaOption.producer(kafka.bootstrapServers());
        receiver = new CallbackReceiver(WECOM, producer, Duration.ofMinutes(5),
                Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC), new InetSocketAddress("127.0.0.1", 0));
        receiver.start();
    }

    @AfterAll
    static void stop() throws Exception {
        receiver.close();
        producer.close();
        kafka.close();
    }

    @Test
    void theWholeContract() throws Exception {
        assertThat(get("/healthz").statusCode()).isEqualTo(200);

        String echo = WECOM.encrypt("1288432023552776189");
        HttpResponse<String> verification = get("/wecom/callback?msg_signature=" + WECOM.signature("1795000000", "42", echo)
                + "&timestamp=1795000000&nonce=42&echostr=" + URLEncoder.encode(echo, StandardCharsets.UTF_8));
        assertThat(verification.statusCode()).isEqualTo(200);
        assertThat(verification.body()).isEqualTo("1288432023552776189");

        String add = "<xml><ToUserName><![CDATA[" + CORP + "]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>"
                + "<CreateTime>1794999990</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[add_external_contact]]></ChangeType>"
                + "<UserID><![CDATA[zhangsan]]></UserID><ExternalUserID><![CDATA[woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA]]></ExternalUserID>"
                + "<State><![CDATA[直播间]]></State><WelcomeCode><![CDATA[WELCOMECODE]]></WelcomeCode></xml>";
        String join = "<xml><ToUserName><![CDATA[" + CORP + "]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>"
                + "<CreateTime>1794999991</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[change_external_chat]]></Event><ChatId><![CDATA[wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA]]></ChatId>"
                + "<ChangeType><![CDATA[update]]></ChangeType><UpdateDetail><![CDATA[add_member]]></UpdateDetail>"
                + "<JoinScene>1</JoinScene><MemChangeCnt>2</MemChangeCnt>"
                + "<MemChangeList><Item>wmEAlECwAAHrbWYDOK5u3Af13xlYDDNQ</Item><Item>zhangsan</Item></MemChangeList></xml>";
        assertThat(post(add, "1795000000", null).statusCode()).isEqualTo(200);
        assertThat(post(join, "1795000001", null).statusCode()).isEqualTo(200);
        assertThat(post(add, "1795000000", null).statusCode()).as("a WeCom retry").isEqualTo(200);

        String forged = "0000000000000000000000000000000000000000";
        assertThat(post(add, "1795000000", forged).statusCode()).isEqualTo(403);
        assertThat(post(add, Long.toString(NOW - 3600), null).statusCode()).as("stale").isEqualTo(403);
        String otherCorp = new WeComCrypto(TOKEN, KEY, "ww_other_corp").encrypt(add);
        assertThat(postEncrypted(otherCorp, "1795000000").statusCode()).isEqualTo(403);
        String tampered = WECOM.encrypt(add).substring(8) + "AAAAAAAA";
        assertThat(postEncrypted(tampered, "1795000000").statusCode()).isEqualTo(403);
        assertThat(raw("this is not xml", "1795000000", "x").statusCode()).isEqualTo(400);
        // Declared too large: answered from the headers, before any of the body is read. (Sending the
        // whole body first races the server's close against the client's write: a reset, not a 413.)
        try (Socket socket = new Socket("127.0.0.1", receiver.port())) {
            socket.getOutputStream().write(requestHead("Content-Length: " + (CallbackReceiver.MAX_BODY_BYTES + 1))
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertThat(statusLine(socket)).isEqualTo("HTTP/1.1 413 Payload Too Large");
        }

        // The other tests produce change_external_tag events to the same topic.
        List<String> produced = TopicExport.readAll(kafka.bootstrapServers(), Topics.CALLBACK_EVENTS).stream()
                .filter(json -> !json.contains("change_external_tag")).toList();
        assertThat(produced).hasSize(3);
        JsonNode first = produced.stream().map(CallbackReceiverTest::tree)
                .filter(node -> node.has("UserID")).findFirst().orElseThrow();
        assertThat(first.get("State").asText()).isEqualTo("直播间");
        assertThat(first.get("CreateTime").asText()).isEqualTo("1794999990");
        assertThat(new CallbackEventParser().parse(produced.get(0))).isPresent();
        JsonNode membership = produced.stream().map(CallbackReceiverTest::tree)
                .filter(node -> node.has("ChatId")).findFirst().orElseThrow();
        assertThat(membership.get("MemChangeList").isArray()).isTrue();
        assertThat(new CallbackEventParser().parse(membership.toString()).orElseThrow().memChangeList())
                .containsExactly("wmEAlECwAAHrbWYDOK5u3Af13xlYDDNQ", "zhangsan");
    }

    @Test
    void twoHundredConnectionsStalledMidBodyDelayNeitherACallbackNorHealthz() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            long stalledSince = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                Socket socket = new Socket("127.0.0.1", receiver.port());
                socket.getOutputStream().write((requestHead("Content-Length: 2000") + "<xml><Encrypt>")
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                stalled.add(socket);
            }

            long started = System.nanoTime();
            assertThat(get("/healthz").statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("GET /healthz").isLessThan(Duration.ofSeconds(1));
            started = System.nanoTime();
            assertThat(post(SMALL_EVENT, "1795000000", null).statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("a signed callback").isLessThan(Duration.ofSeconds(1));

            Duration closedWithin = CallbackReceiver.IDLE_TIMEOUT.plusSeconds(3);
            for (Socket socket : stalled) {
                long left = closedWithin.toMillis() - Duration.ofNanos(System.nanoTime() - stalledSince).toMillis();
                assertThat(readsToTheEnd(socket, Math.max(left, 1))).as("a stalled connection is closed by the server").isTrue();
            }
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    /** True once the server closed the connection (whatever it answered first), false if it is still open after the wait. */
    private static boolean readsToTheEnd(Socket socket, long waitMillis) throws IOException {
        socket.setSoTimeout((int) waitMillis);
        InputStream in = socket.getInputStream();
        try {
            while (in.read() != -1) {
                // The answer before the close, if any (a 408), is not what this checks.
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void elementsNestedThirtySevenThousandDeepAreA400AndTheServerKeepsServing() throws Exception {
        String deep = "<a>".repeat(37_000) + "</a>".repeat(37_000);
        assertThat(raw("<xml><Encrypt>" + deep + "</Encrypt></xml>", "1795000000", "x").statusCode()).isEqualTo(400);

        String deepEvent = "<xml><ToUserName>" + CORP + "</ToUserName><Event>" + "<a>".repeat(5_000) + "</a>".repeat(5_000)
                + "</Event></xml>";
        assertThat(post(deepEvent, "1795000000", null).statusCode()).as("nested deep inside the encrypted event")
                .isEqualTo(400);

        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        assertThat(post(SMALL_EVENT, "1795000000", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aSignedVerificationGetThirtyDaysOldIsRefused() throws Exception {
        String echo = WECOM.encrypt("4711");
        String timestamp = Long.toString(NOW - Duration.ofDays(30).toSeconds());
        HttpResponse<String> replayed = get("/wecom/callback?msg_signature=" + WECOM.signature(timestamp, "42", echo)
                + "&timestamp=" + timestamp + "&nonce=42&echostr=" + URLEncoder.encode(echo, StandardCharsets.UTF_8));

        assertThat(replayed.statusCode()).isEqualTo(403);
        assertThat(replayed.body()).doesNotContain("4711");
    }

    @Test
    void theReceiverCommandListensOnLoopbackByDefaultAndReadsItsSecretsFromFiles() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Path keyFile = Files.writeString(dir.resolve("encoding-aes-key"), "  " + KEY + "\r\n");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream standardOutput = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        Thread command = new Thread(() -> WeComFlowCli.execute("receiver", "--port", "0", "--corp-id", CORP,
                "--token-file", tokenFile.toString(), "--encoding-aes-key-file", keyFile.toString(),
                "--bootstrap-servers", kafka.bootstrapServers()), "receiver-command");
        command.setDaemon(true);
        command.start();
        try {
            Matcher url = Pattern.compile("receiving WeCom callbacks at http://([0-9.]+):([0-9]+)/wecom/callback")
                    .matcher("");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!url.reset(printed.toString(StandardCharsets.UTF_8)).find() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(url.hitEnd()).as("the command printed its address: " + printed).isFalse();
            assertThat(url.group(1)).isEqualTo("127.0.0.1");
            int port = Integer.parseInt(url.group(2));
            assertThat(ListeningSockets.ofThisProcess()).contains(new InetSocketAddress("127.0.0.1", port));
            // 127.0.0.2 is loopback too: a server on every interface would answer there.
            assertThatThrownBy(() -> new Socket("127.0.0.2", port).close()).isInstanceOf(ConnectException.class);

            String echo = WECOM.encrypt("9176");
            String now = Long.toString(System.currentTimeMillis() / 1000);
            HttpResponse<String> verification = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/wecom/callback?msg_signature=" + WECOM.signature(now, "42", echo) + "&timestamp=" + now
                            + "&nonce=42&echostr=" + URLEncoder.encode(echo, StandardCharsets.UTF_8)))
                    .timeout(ANSWER_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(verification.statusCode()).as("token and key read from their files, trimmed").isEqualTo(200);
            assertThat(verification.body()).isEqualTo("9176");
        } finally {
            command.interrupt();
            command.join(10_000);
            System.setOut(standardOutput);
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIsA413() throws Exception {
        int size = CallbackReceiver.MAX_BODY_BYTES + 100;
        try (Socket socket = new Socket("127.0.0.1", receiver.port())) {
            socket.getOutputStream().write((requestHead("Transfer-Encoding: chunked") + Integer.toHexString(size) + "\r\n"
                    + "A".repeat(size) + "\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            assertThat(statusLine(socket)).isEqualTo("HTTP/1.1 413 Payload Too Large");
        }
    }

    @Test
    void aBodyStillTricklingInAfterTheReadLimitIsA408() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", receiver.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(requestHead("Content-Length: 1000").getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            StringBuilder answer = new StringBuilder();
            socket.setSoTimeout(2_000);
            InputStream in = socket.getInputStream();
            Duration giveUpAfter = CallbackReceiver.BODY_READ_TIMEOUT.plusSeconds(10);
            boolean closed = false;
            // One byte every 2 s: never idle long enough for the idle timeout, never complete.
            while (!closed && Duration.ofNanos(System.nanoTime() - started).compareTo(giveUpAfter) < 0) {
                try {
                    out.write('A');
                    out.flush();
                } catch (IOException answeredAndClosed) {
                    // Keep reading what the server answered.
                }
                try {
                    for (int b = in.read(); ; b = in.read()) {
                        if (b == -1) {
                            closed = true;
                            break;
                        }
                        answer.append((char) b);
                    }
                } catch (SocketTimeoutException stillOpen) {
                    // Not answered yet: trickle on.
                }
            }
            Duration answeredAfter = Duration.ofNanos(System.nanoTime() - started);

            assertThat(answer.toString()).startsWith("HTTP/1.1 408");
            assertThat(answeredAfter).isBetween(CallbackReceiver.BODY_READ_TIMEOUT.minusSeconds(1),
                    CallbackReceiver.BODY_READ_TIMEOUT.plusSeconds(3));
        }
    }

    private static String requestHead(String bodyHeader) {
        return "POST /wecom/callback?msg_signature=x&timestamp=1795000000&nonce=7 HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nContent-Type: text/xml\r\n" + bodyHeader + "\r\n\r\n";
    }

    private static String statusLine(Socket socket) throws IOException {
        socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
        StringBuilder line = new StringBuilder();
        InputStream in = socket.getInputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            line.append((char) b);
        }
        return line.toString().strip();
    }

    @Test
    void anUnreachableKafkaGivesA503WellWithinWeComsFiveSeconds() throws Exception {
        try (var unreachable = new KafkaProducer<String, String>(CallbackReceiver.producerSettings("127.0.0.1:1"),
                        new org.apache.kafka.common.serialization.StringSerializer(),
                        new org.apache.kafka.common.serialization.StringSerializer());
                CallbackReceiver down = new CallbackReceiver(WECOM, unreachable, Duration.ofMinutes(5),
                        Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC), new InetSocketAddress("127.0.0.1", 0))) {
            down.start();
            String event = "<xml><ToUserName>" + CORP + "</ToUserName><CreateTime>1794999990</CreateTime>"
                    + "<Event>change_external_tag</Event></xml>";
            String encrypted = WECOM.encrypt(event);
            long started = System.nanoTime();
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + down.port()
                            + "/wecom/callback?msg_signature=" + WECOM.signature("1795000000", "7", encrypted)
                            + "&timestamp=1795000000&nonce=7"))
                    .POST(HttpRequest.BodyPublishers.ofString("<xml><Encrypt>" + encrypted + "</Encrypt></xml>")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(4_500));
        }
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> post(String event, String timestamp, String signature) throws Exception {
        String encrypted = WECOM.encrypt(event);
        String body = "<xml><ToUserName><![CDATA[" + CORP + "]]></ToUserName><Encrypt><![CDATA[" + encrypted
                + "]]></Encrypt><AgentID><![CDATA[]]></AgentID></xml>";
        return raw(body, timestamp, signature != null ? signature : WECOM.signature(timestamp, "7", encrypted));
    }

    private static HttpResponse<String> postEncrypted(String encrypted, String timestamp) throws Exception {
        String body = "<xml><Encrypt><![CDATA[" + encrypted + "]]></Encrypt></xml>";
        return raw(body, timestamp, WECOM.signature(timestamp, "7", encrypted));
    }

    private static HttpResponse<String> raw(String body, String timestamp, String signature) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port()
                        + "/wecom/callback?msg_signature=" + signature + "&timestamp=" + timestamp + "&nonce=7"))
                .timeout(ANSWER_TIMEOUT).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + path))
                        .timeout(ANSWER_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
