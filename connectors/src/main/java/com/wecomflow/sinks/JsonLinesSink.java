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
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;

/**
 * Appends every row version, as one JSON object per line with the table's column names, to
 * {@code DIR/part-SUBTASK-ATTEMPT-JOB.jsonl}. This is the local runner's table store: reduced by key
 * to the highest {@code version}, the files give exactly what {@code SELECT ... FINAL} returns.
 * Rows are flushed before each checkpoint completes; a restarted attempt, or a job resumed from a
 * checkpoint by a later run ({@code ./run jobs}), writes a new file and never overwrites what an
 * earlier one wrote; replayed rows are harmless because the highest version per key wins. Rows
 * written are counted in {@code wecom.rowsWritten}.
 */
public final class JsonLinesSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

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
        return new Writer<>(
                Files.newBufferedWriter(
                        file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING),
                WeComMetrics.of(context.metricGroup()).counter(WeComMetrics.ROWS_WRITTEN));
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private final BufferedWriter out;
        private final Counter rowsWritten;

        Writer(BufferedWriter out, Counter rowsWritten) {
            this.out = out;
            this.rowsWritten = rowsWritten;
        }

        @Override
        public void write(T row, Context context) throws IOException {
            out.write(Json.toRowJson(row));
            out.write('\n');
            rowsWritten.inc();
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
