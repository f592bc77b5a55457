package com.wecomflow.sinks.clickhouse;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * An HTTP server on 127.0.0.1 that answers inserts the way ClickHouse or a proxy in front of it
 * can fail: scripted answers first (an error status with or without an exception code, a dropped
 * connection, a slow success), then 200. It keeps every request it received and what it answered.
 */
final class FakeClickHouseServer implements AutoCloseable {

    /** One scripted answer. */
    record Answer(int status, Integer exceptionCode, String text, Duration delay, boolean drop) {

        static Answer status(int status) {
            return new Answer(status, null, "", Duration.ZERO, false);
        }

        /** What ClickHouse sends for an exception: the code in a header and at the start of the text. */
        static Answer exception(int status, int code, String message) {
            return new Answer(status, code, "Code: " + code + ". DB::Exception: " + message, Duration.ZERO, false);
        }

        /** The exception as servers that predate the header send it: the code only in the text. */
        static Answer exceptionInTextOnly(int status, int code, String message) {
            return new Answer(status, null, "Code: " + code + ", e.displayText() = DB::Exception: " + message,
                    Duration.ZERO, false);
        }

        static Answer droppedConnection() {
            return new Answer(0, null, "", Duration.ZERO, true);
        }

        static Answer okAfter(Duration delay) {
            return new Answer(200, null, "", delay, false);
        }
    }

    /** A request as received: its query-string parameters, its body, and the status it got (0: dropped). */
    record Request(Map<String, String> parameters, String body, int answeredStatus) {

        List<String> rows() {
            return body.lines().filter(line -> !line.isBlank()).toList();
        }

        boolean isInsert() {
            return parameters.getOrDefault("query", "").startsWith("INSERT");
        }
    }

    private final HttpServer server;
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();

    private FakeClickHouseServer(HttpServer server) {
        this.server = server;
    }

    static FakeClickHouseServer start(Answer... answersToInsertsBeforeSuccess) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        FakeClickHouseServer fake = new FakeClickHouseServer(http);
        fake.script.addAll(List.of(answersToInsertsBeforeSuccess));
        http.createContext("/", fake::handle);
        http.setExecutor(fake.workers);
        http.start();
        return fake;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized List<Request> inserts() {
        return requests.stream().filter(Request::isInsert).toList();
    }

    /** The rows of every insert the server accepted. */
    synchronized List<String> acceptedRows() {
        return inserts().stream().filter(request -> request.answeredStatus() == 200)
                .flatMap(request -> request.rows().stream()).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> parameters = parameters(exchange.getRequestURI().getRawQuery());
        boolean insert = parameters.getOrDefault("query", "").startsWith("INSERT");
        Answer answer;
        synchronized (this) {
            answer = insert && !script.isEmpty() ? script.poll() : Answer.status(200);
            requests.add(new Request(parameters, body, answer.drop() ? 0 : answer.status()));
        }
        if (answer.drop()) {
            // The JDK server closes the connection without an answer when its handler fails.
            throw new UncheckedIOException(new IOException("connection dropped on purpose"));
        }
        sleep(answer.delay());
        if (answer.exceptionCode() != null) {
            exchange.getResponseHeaders().add("X-ClickHouse-Exception-Code", answer.exceptionCode().toString());
        }
        byte[] text = answer.text().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), text.length == 0 ? -1 : text.length);
        exchange.getResponseBody().write(text);
        exchange.close();
    }

    private static Map<String, String> parameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            String[] keyValue = pair.split("=", 2);
            parameters.put(URLDecoder.decode(keyValue[0], StandardCharsets.UTF_8),
                    keyValue.length > 1 ? URLDecoder.decode(keyValue[1], StandardCharsets.UTF_8) : "");
        }
        return parameters;
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
