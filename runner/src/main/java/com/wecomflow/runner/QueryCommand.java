package com.wecomflow.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        description = "Run analyst queries (sql/queries/*.sql) over a replay's output on the embedded ClickHouse engine.")
final class QueryCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "1..*",
            description = "the queries, e.g. sql/queries/churn_by_channel.sql; several are run over one loading")
    List<Path> files;

    @Option(names = "--results", defaultValue = "out/demo/results", paramLabel = "DIR",
            description = "the output directory of ./run replay or ./run demo (default ${DEFAULT-VALUE})")
    Path results;

    @Override
    public Integer call() throws Exception {
        for (Path file : files) {
            WeComFlowCli.readableFile(file, "FILE");
        }
        if (!Files.isDirectory(results)) {
            throw new IllegalArgumentException("--results: no directory " + results
                    + " (write one with ./run demo or ./run replay --out DIR)");
        }
        return runOnEmbeddedEngine(files, results, null);
    }

    /**
     * Runs the queries over the results on chDB, printing their tables to standard output; the
     * Python environment is created on first use.
     *
     * @param maxRows at most this many rows of each query are printed (null: all)
     * @return the exit status: 0, or the failed step's
     */
    static int runOnEmbeddedEngine(List<Path> queries, Path results, Integer maxRows) throws Exception {
        int prepared = run(List.of("bash", "scripts/venv.sh"));
        if (prepared != 0) {
            System.err.println("error: could not prepare the Python environment .venv (see above)");
            return prepared;
        }
        List<String> command = new ArrayList<>(List.of(".venv/bin/python", "scripts/chdb_results.py"));
        queries.forEach(query -> command.add(query.toString()));
        command.addAll(List.of("--results", results.toString()));
        if (maxRows != null) {
            command.addAll(List.of("--max-rows", maxRows.toString()));
        }
        return run(command);
    }

    private static int run(List<String> command) throws Exception {
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
