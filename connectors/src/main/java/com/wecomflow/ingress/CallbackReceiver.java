package com.wecomflow.ingress;

import com.wecomflow.kafka.RecordKeys;
import com.wecomflow.kafka.Topics;
import com.wecomflow.kafka.WeComKafka;
import com.wecomflow.parse.Json;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * The endpoint WeCom calls ({@code /wecom/callback}), on Jetty:
 * <ul>
 *   <li>{@code GET} with {@code msg_signature, timestamp, nonce, echostr}: URL verification; the
 *       signature and timestamp are checked as for events, and the answer is the decrypted
 *       {@code echostr} and nothing else;
 *   <li>{@code POST} with the XML body holding {@code Encrypt}: the signature is checked, the
 *       event decrypted, its receive id and timestamp checked, turned into the contract's JSON
 *       and produced to {@code wecom.callback.events}; 200 only once Kafka acknowledged it, well
 *       within WeCom's 5 seconds (a retry of the same event gets 200 again: the jobs dedupe);
 *   <li>a forged or missing signature, another corp's receive id or a stale timestamp: 403; a
 *       body that is not the expected XML (or nests elements deeper than {@link CallbackXml}
 *       allows): 400; a body over the size limit: 413; a body not complete within
 *       {@link #BODY_READ_TIMEOUT}: 408; nothing is produced for any of them;
 *   <li>{@code GET /healthz}: 200 once the receiver is serving.
 * </ul>
 * Bodies are read without holding a thread, so clients that stall mid-request cost a connection,
 * not a worker: they cannot delay anyone else, and are closed after {@link #IDLE_TIMEOUT}.
 */
public final class CallbackReceiver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackReceiver.class);

    /** Far beyond any real callback (a few KB), small enough that no request can exhaust memory. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    /** A connection that sends nothing for this long is closed; WeCom itself gives up after 5 s. */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(5);

    /** However slowly a body trickles in, it must be complete this long after its request arrived. */
    public static final Duration BODY_READ_TIMEOUT = Duration.ofSeconds(10);

    /** Far above what WeCom opens; beyond it the server stops accepting until connections close. */
    public static final int MAX_CONNECTIONS = 2048;

    /** While at {@link #MAX_CONNECTIONS}, idle connections are closed this soon, to make room. */
    private static final Duration CROWDED_IDLE_TIMEOUT = Duration.ofSeconds(1);

    /** Workers block only while Kafka acknowledges (at most {@link #PRODUCE_TIMEOUT}), never on a client. */
    private static final int MAX_WORKER_THREADS = 64;

    /** Kafka must acknowledge within this, leaving WeCom's 5 seconds room for the network. */
    private static final Duration PRODUCE_TIMEOUT = Duration.ofSeconds(3);

    private final WeComCrypto crypto;
    private final Producer<String, String> producer;
    private final Duration maxClockSkew;
    private final Clock clock;
    private final Server server;
    private final ServerConnector connector;

    public CallbackReceiver(WeComCrypto crypto, Producer<String, String> producer, Duration maxClockSkew, Clock clock,
            InetSocketAddress address) {
        this.crypto = crypto;
        this.producer = producer;
        this.maxClockSkew = maxClockSkew;
        this.clock = clock;
        QueuedThreadPool workers = new QueuedThreadPool(MAX_WORKER_THREADS);
        workers.setName("callback-receiver");
        this.server = new Server(workers);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(address.getHostString());
        connector.setPort(address.getPort());
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.addConnector(connector);
        NetworkConnectionLimit connectionLimit = new NetworkConnectionLimit(MAX_CONNECTIONS, connector);
        connectionLimit.setEndPointIdleTimeout(CROWDED_IDLE_TIMEOUT.toMillis());
        server.addBean(connectionLimit);
        server.setHandler(new Routes());
        server.setStopTimeout(1_000);
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

    /** Binds and serves; a port already in use is an IOException naming the address. */
    public void start() throws IOException {
        try {
            server.start();
        } catch (IOException e) {
            close();
            throw e;
        } catch (Exception e) {
            close();
            throw new IOException("cannot start the callback receiver: " + e.getMessage(), e);
        }
    }

    /** The address actually bound (its port is the real one when started on port 0). */
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) ((ServerSocketChannel) connector.getTransport()).getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the receiver is not bound", e);
        }
    }

    /** The port actually bound (useful when started on port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://HOST:PORT} of the bound address, as a client would write it. */
    public String baseUrl() {
        InetSocketAddress bound = address();
        String host = bound.getAddress().getHostAddress();
        return "http://" + (bound.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + bound.getPort();
    }

    /** What a request gets: its status and a plain-text body. */
    private record Answer(int status, String body) {}

    /** One step of handling a request; its exceptions become the contract's status codes in {@link #answer}. */
    @FunctionalInterface
    private interface Step {
        Answer run() throws WeComCrypto.RejectedException, MalformedRequestException;
    }

    private final class Routes extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            switch (Request.getPathInContext(request)) {
                case "/healthz" -> send(response, callback, new Answer(200, "ok"));
                case "/wecom/callback" -> callback(request, response, callback);
                default -> {
                    return false;
                }
            }
            return true;
        }
    }

    private void callback(Request request, Response response, Callback callback) {
        Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        switch (request.getMethod()) {
            case "GET" -> send(response, callback, answer(() -> verifyUrl(query)));
            case "POST" -> {
                if (request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH) > MAX_BODY_BYTES) {
                    send(response, callback, tooLarge());
                    return;
                }
                BoundedBody.read(request, MAX_BODY_BYTES, BODY_READ_TIMEOUT, new BoundedBody.Listener() {
                    @Override
                    public void complete(byte[] body) {
                        String text = new String(body, StandardCharsets.UTF_8);
                        send(response, callback, answer(() -> receiveEvent(query, text)));
                    }

                    @Override
                    public void tooLarge() {
                        send(response, callback, CallbackReceiver.tooLarge());
                    }

                    @Override
                    public void timedOut() {
                        send(response, callback, new Answer(408, "request body not complete within "
                                + BODY_READ_TIMEOUT.toSeconds() + " s"));
                    }

                    @Override
                    public void failed(Throwable failure) {
                        // The client went away or broke the protocol: there is no one to answer.
                        callback.failed(failure);
                    }
                });
            }
            default -> send(response, callback, new Answer(405, "method not allowed"));
        }
    }

    private static Answer tooLarge() {
        return new Answer(413, "request body over " + MAX_BODY_BYTES + " bytes");
    }

    private static Answer answer(Step step) {
        try {
            return step.run();
        } catch (WeComCrypto.RejectedException e) {
            LOG.warn("callback rejected (403): {}", e.getMessage());
            return new Answer(403, e.getMessage());
        } catch (MalformedRequestException e) {
            LOG.warn("callback rejected (400): {}", e.getMessage());
            return new Answer(400, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("callback failed", e);
            return new Answer(500, "internal error");
        }
    }

    /** WeCom's URL verification: signed like an event, and as fresh, so a recorded one cannot be replayed. */
    private Answer verifyUrl(Fields query) throws WeComCrypto.RejectedException {
        String timestamp = query.getValue("timestamp");
        String echo = crypto.verifyAndDecrypt(query.getValue("msg_signature"), timestamp, query.getValue("nonce"),
                query.getValue("echostr"));
        checkFresh(timestamp);
        return new Answer(200, echo);
    }

    private Answer receiveEvent(Fields query, String body) throws WeComCrypto.RejectedException, MalformedRequestException {
        String encrypted = CallbackXml.child(CallbackXml.parse(body), "Encrypt");
        if (encrypted == null) {
            throw new MalformedRequestException("no Encrypt element in the body");
        }
        String timestamp = query.getValue("timestamp");
        String event = crypto.verifyAndDecrypt(query.getValue("msg_signature"), timestamp, query.getValue("nonce"),
                encrypted);
        checkFresh(timestamp);
        Element root = CallbackXml.parse(event);
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(CallbackXml.toJson(root));
        } catch (IOException e) {
            throw new MalformedRequestException("cannot turn the event into JSON: " + e.getMessage());
        }
        try {
            producer.send(new ProducerRecord<>(Topics.CALLBACK_EVENTS, RecordKeys.callbackKey(json), json))
                    .get(PRODUCE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.error("Kafka did not acknowledge a callback in time; WeCom will retry", e);
            return new Answer(503, "not stored, retry");
        }
        return new Answer(200, "success");
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

    private static void send(Response response, Callback callback, Answer answer) {
        response.setStatus(answer.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap(answer.body().getBytes(StandardCharsets.UTF_8)), callback);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("the callback receiver did not stop cleanly", e);
        }
    }
}
