package com.wecomflow.cli;

import com.wecomflow.config.PipelineConfig;
import com.wecomflow.sinks.ResultStores;
import com.wecomflow.sinks.clickhouse.ClickHouseConnection;
import com.wecomflow.sinks.postgres.PostgresConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * The command-line options of a production job's {@code main}, read one way for every job:
 * {@code --bootstrap-servers HOSTS [--config FILE] [--clickhouse-url URL] [--postgres-url JDBC-URL] [--results-dir DIR]
 * [--checkpoint-dir URI]}: results go to any of ClickHouse, PostgreSQL and JSON lines. A bad option is an
 * {@link IllegalArgumentException} with a one-line message.
 */
public final class JobArguments {

    private static final Set<String> KNOWN =
            Set.of("bootstrap-servers", "config", "results-dir", "clickhouse-url", "postgres-url", "checkpoint-dir");

    private final ParameterTool parameters;

    private JobArguments(ParameterTool parameters) {
        this.parameters = parameters;
    }

    public static JobArguments parse(String[] args) {
        ParameterTool parameters;
        try {
            parameters = ParameterTool.fromArgs(args);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad arguments: " + e.getMessage());
        }
        for (String key : parameters.toMap().keySet()) {
            if (!KNOWN.contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key + " (known: --bootstrap-servers, --config, "
                        + "--clickhouse-url, --postgres-url, --results-dir, --checkpoint-dir)");
            }
        }
        if (!parameters.has("bootstrap-servers")) {
            throw new IllegalArgumentException("missing option --bootstrap-servers");
        }
        return new JobArguments(parameters);
    }

    /**
     * The job's environment on the cluster it is submitted to, with the {@link StateSettings} the
     * cluster's own configuration does not already choose.
     */
    public StreamExecutionEnvironment environment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(StateSettings.missingFrom(env.getConfiguration(), parameters.get("checkpoint-dir")));
        return env;
    }

    public String bootstrapServers() {
        return parameters.get("bootstrap-servers");
    }

    public PipelineConfig config() throws IOException {
        if (!parameters.has("config")) {
            return PipelineConfig.defaults();
        }
        Path file = Paths.get(parameters.get("config"));
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read config file " + file);
        }
        return PipelineConfig.load(file);
    }

    /** Where result rows are also written as JSON lines, or null. */
    public Path resultsDir() {
        return parameters.has("results-dir") ? Paths.get(parameters.get("results-dir")) : null;
    }

    /** The ClickHouse server the result tables are written to, or null. */
    public ClickHouseConnection clickHouse() {
        return parameters.has("clickhouse-url") ? ClickHouseConnection.parse(parameters.get("clickhouse-url")) : null;
    }

    /** The PostgreSQL database the result tables are written to, or null; sessions in the config's time zone. */
    public PostgresConnection postgres() throws IOException {
        return parameters.has("postgres-url")
                ? PostgresConnection.parse(parameters.get("postgres-url")).inTimeZone(config().timezone())
                : null;
    }

    /** Every store the options name. */
    public ResultStores resultStores() throws IOException {
        return new ResultStores(resultsDir(), clickHouse(), postgres());
    }
}
