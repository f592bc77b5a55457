package com.wecomflow.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./run query FILE}: an analyst query on the embedded current ClickHouse engine (chDB) over
 * a replay's output, so the questions in {@code sql/queries} can be asked without a server. The
 * work is {@code scripts/chdb_results.py}, the same code the SQL tests load their data with; this
 * command makes sure its Python environment exists ({@code scripts/venv.sh}) and runs it.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Run an analyst query (sql/queries/*.sql) over a replay's output on the embedded ClickHouse engine.")
final class QueryCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "the query, e.g. sql/queries/churn_by_channel.sql")
    Path file;

    @Option(names = "--results", defaultValue = "out/demo/results", paramLabel = "DIR",
            description = "the output directory of ./run replay or ./run demo (default ${DEFAULT-VALUE})")
    Path results;

    @Override
    public Integer call() throws Exception {
        WeComFlowCli.readableFile(file, "FILE");
        if (!Files.isDirectory(results)) {
            throw new IllegalArgumentException("--results: no directory " + results
                    + " (write one with ./run demo or ./run replay --out DIR)");
        }
        int prepared = run(List.of("bash", "scripts/venv.sh"));
        if (prepared != 0) {
            System.err.println("error: could not prepare the Python environment .venv (see above)");
            return prepared;
        }
        return run(List.of(".venv/bin/python", "scripts/chdb_results.py", file.toString(),
                "--results", results.toString()));
    }

    private static int run(List<String> command) throws Exception {
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
