package com.wecomflow.ingress;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request body without holding a thread while the client is slow: Jetty calls back when
 * bytes arrive. A body past the size limit is refused as soon as it crosses it, and one still
 * incomplete at the deadline is abandoned; the listener hears exactly one outcome.
 */
final class BoundedBody implements Runnable {

    /** What became of the body. Each is called at most once, and only one of them. */
    interface Listener {
        void complete(byte[] body);

        void tooLarge();

        void timedOut();

        void failed(Throwable failure);
    }

    private final Request request;
    private final int maxBytes;
    private final Listener listener;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile Scheduler.Task deadline;

    private BoundedBody(Request request, int maxBytes, Listener listener) {
        this.request = request;
        this.maxBytes = maxBytes;
        this.listener = listener;
    }

    static void read(Request request, int maxBytes, Duration timeout, Listener listener) {
        BoundedBody reader = new BoundedBody(request, maxBytes, listener);
        reader.deadline = request.getComponents().getScheduler()
                .schedule(() -> reader.finish(listener::timedOut), timeout.toMillis(), TimeUnit.MILLISECONDS);
        reader.run();
    }

    /** Reads what has arrived, then asks Jetty to call again when more does. */
    @Override
    public void run() {
        while (!finished.get()) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                Throwable failure = chunk.getFailure();
                // An idle connection shows up as a timeout failure: the client stopped sending.
                finish(failure instanceof TimeoutException ? listener::timedOut : () -> listener.failed(failure));
                return;
            }
            ByteBuffer bytes = chunk.getByteBuffer();
            boolean last = chunk.isLast();
            if (body.size() + bytes.remaining() > maxBytes) {
                chunk.release();
                finish(listener::tooLarge);
                return;
            }
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            body.writeBytes(copy);
            chunk.release();
            if (last) {
                finish(() -> listener.complete(body.toByteArray()));
                return;
            }
        }
    }

    private void finish(Runnable outcome) {
        if (finished.compareAndSet(false, true)) {
            Scheduler.Task task = deadline;
            if (task != null) {
                task.cancel();
            }
            outcome.run();
        }
    }
}
