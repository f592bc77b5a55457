package com.wecomflow.sinks;

import com.wecomflow.metrics.WeComMetrics;
import com.wecomflow.parse.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;

/**
 * Appends every row version, as one JSON object per line with the table's column names, to
 * {@code DIR/part-SUBTASK-ATTEMPT-JOB.jsonl}. This is the local runner's table store: reduced by key
 * to the highest {@code version}, the files give exactly what {@code SELECT ... FINAL} returns.
 * Rows are flushed at most {@link #FLUSH_INTERVAL_MILLIS} after they are written, like the
 * ClickHouse sink's batches, and before each checkpoint completes; a restarted attempt, or a job resumed from a
 * checkpoint by a later run ({@code ./run jobs}), writes a new file and never overwrites what an
 * earlier one wrote; replayed rows are harmless because the highest version per key wins. Rows
 * written are counted in {@code wecom.rowsWritten}.
 */
public final class JsonLinesSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    /** How long a written row may wait in the writer's buffer before it is in the file. */
    public static final long FLUSH_INTERVAL_MILLIS = 200;

    private final String directory;

    public JsonLinesSink(Path directory) {
        this.directory = directory.toAbsolutePath().toString();
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        TaskInfo task = context.getTaskInfo();
        Path dir = Paths.get(directory);
        Files.createDirectories(dir);
        Path file = dir.resolve("part-" + task.getIndexOfThisSubtask() + "-" + task.getAttemptNumber()
                + "-" + context.getJobInfo().getJobId() + ".jsonl");
        Writer<T> writer = new Writer<>(
                Files.newBufferedWriter(
                        file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING),
                WeComMetrics.of(context.metricGroup()).counter(WeComMetrics.ROWS_WRITTEN),
                context.getProcessingTimeService());
        writer.scheduleFlush();
        return writer;
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private final BufferedWriter out;
        private final Counter rowsWritten;
        private final ProcessingTimeService time;
        private boolean unflushed;
        private boolean closed;

        Writer(BufferedWriter out, Counter rowsWritten, ProcessingTimeService time) {
            this.out = out;
            this.rowsWritten = rowsWritten;
            this.time = time;
        }

        @Override
        public void write(T row, Context context) throws IOException {
            out.write(Json.toRowJson(row));
            out.write('\n');
            unflushed = true;
            rowsWritten.inc();
        }

        // Timers run in the task's mailbox thread, between writes: no locking needed.
        void scheduleFlush() {
            time.registerTimer(time.getCurrentProcessingTime() + FLUSH_INTERVAL_MILLIS, timestamp -> {
                if (closed) {
                    return;
                }
                if (unflushed) {
                    out.flush();
                    unflushed = false;
                }
                scheduleFlush();
            });
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
            unflushed = false;
        }

        @Override
        public void close() throws IOException {
            closed = true;
            out.close();
        }
    }
}
