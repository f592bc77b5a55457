package com.wecomflow.ingress;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.wecomflow.kafka.RecordKeys;
import com.wecomflow.kafka.Topics;
import com.wecomflow.parse.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import com.wecomflow.kafka.WeComKafka;
import java.util.HashMap;
import java.util.Properties;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * The endpoint WeCom calls ({@code /wecom/callback}), on the JDK's HTTP server:
 * <ul>
 *   <li>{@code GET} with {@code msg_signature, timestamp, nonce, echostr}: URL verification,
 *       answered with the decrypted {@code echostr} and nothing else;
 *   <li>{@code POST} with the XML body holding {@code Encrypt}: the signature is checked, the
 *       event decrypted, its receive id and timestamp checked, turned into the contract's JSON
 *       and produced to {@code wecom.callback.events}; 200 only once Kafka acknowledged it, well
 *       within WeCom's 5 seconds (a retry of the same event gets 200 again: the jobs dedupe);
 *   <li>a forged or missing signature, another corp's receive id or a stale timestamp: 403; a
 *       body that is not the expected XML: 400; a body over the size limit: 413; nothing is
 *       produced for any of them;
 *   <li>{@code GET /healthz}: 200 once the receiver is serving.
 * </ul>
 */
public final class CallbackReceiver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackReceiver.class);

    /** Far beyond any real callback (a few KB), small enough that no request can exhaust memory. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    /** Kafka must acknowledge within this, leaving WeCom's 5 seconds room for the network. */
    private static final Duration PRODUCE_TIMEOUT = Duration.ofSeconds(3);

    static {
        // The JDK server has no request time limits by default: a client that stops sending would
        // hold a worker for good. These bound reading a request and writing the answer.
        System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime", "10"));
        System.setProperty("sun.net.httpserver.maxRspTime", System.getProperty("sun.net.httpserver.maxRspTime", "10"));
    }

    private final WeComCrypto crypto;
    private final Producer<String, String> producer;
    private final Duration maxClockSkew;
    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService workers;

    public CallbackReceiver(WeComCrypto crypto, Producer<String, String> producer, Duration maxClockSkew, Clock clock,
            InetSocketAddress address) throws IOException {
        this.crypto = crypto;
        this.producer = producer;
        this.maxClockSkew = maxClockSkew;
        this.clock = clock;
        this.server = HttpServer.create(address, 64);
        this.workers = Executors.newFixedThreadPool(32);
        server.setExecutor(workers);
        server.createContext("/wecom/callback", this::callback);
        server.createContext("/healthz", exchange -> respond(exchange, 200, "ok"));
    }

    /**
     * Producer settings for the receiver: idempotent, {@code acks=all}, and every wait bounded
     * below WeCom's 5 seconds, so that an unreachable Kafka gives a quick 503 (and a WeCom retry)
     * instead of a request that hangs.
     */
    public static Properties producerSettings(String bootstrapServers) {
        Properties properties = WeComKafka.producerSettings(bootstrapServers);
        properties.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1500");
        properties.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "1500");
        properties.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "2900");
        properties.setProperty(ProducerConfig.LINGER_MS_CONFIG, "0");
        return properties;
    }

    public void start() {
        server.start();
    }

    /** The port actually bound (useful when started on port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private void callback(HttpExchange exchange) throws IOException {
        try {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            switch (exchange.getRequestMethod()) {
                case "GET":
                    String echo = crypto.verifyAndDecrypt(query.get("msg_signature"), query.get("timestamp"),
                            query.get("nonce"), query.get("echostr"));
                    respond(exchange, 200, echo);
                    break;
                case "POST":
                    receiveEvent(exchange, query);
                    break;
                default:
                    respond(exchange, 405, "method not allowed");
            }
        } catch (WeComCrypto.RejectedException e) {
            LOG.warn("callback rejected (403): {}", e.getMessage());
            respond(exchange, 403, e.getMessage());
        } catch (MalformedRequestException e) {
            LOG.warn("callback rejected (400): {}", e.getMessage());
            respond(exchange, 400, e.getMessage());
        } catch (BodyTooLargeException e) {
            respond(exchange, 413, "request body over " + MAX_BODY_BYTES + " bytes");
        } catch (RuntimeException e) {
            LOG.error("callback failed", e);
            respond(exchange, 500, "internal error");
        }
    }

    private void receiveEvent(HttpExchange exchange, Map<String, String> query)
            throws IOException, WeComCrypto.RejectedException, MalformedRequestException, BodyTooLargeException {
        String body = readBody(exchange.getRequestBody());
        String encrypted = CallbackXml.child(CallbackXml.parse(body), "Encrypt");
        if (encrypted == null) {
            throw new MalformedRequestException("no Encrypt element in the body");
        }
        String timestamp = query.get("timestamp");
        String event = crypto.verifyAndDecrypt(query.get("msg_signature"), timestamp, query.get("nonce"), encrypted);
        checkFresh(timestamp);
        Element root = CallbackXml.parse(event);
        String json = Json.MAPPER.writeValueAsString(CallbackXml.toJson(root));
        try {
            producer.send(new ProducerRecord<>(Topics.CALLBACK_EVENTS, RecordKeys.callbackKey(json), json))
                    .get(PRODUCE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.error("Kafka did not acknowledge a callback in time; WeCom will retry", e);
            respond(exchange, 503, "not stored, retry");
            return;
        }
        respond(exchange, 200, "success");
    }

    private void checkFresh(String timestamp) throws WeComCrypto.RejectedException {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new WeComCrypto.RejectedException("timestamp is not a number");
        }
        long skew = Math.abs(clock.millis() / 1000 - seconds);
        if (skew > maxClockSkew.toSeconds()) {
            throw new WeComCrypto.RejectedException("stale timestamp: " + skew + " s away from now");
        }
    }

    private static final class BodyTooLargeException extends Exception {
        BodyTooLargeException() {
            super(null, null, false, false);
        }
    }

    private static String readBody(InputStream in) throws IOException, BodyTooLargeException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw new BodyTooLargeException();
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> parameters = new HashMap<>();
        if (raw == null) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(1);
        workers.shutdownNow();
    }
}
