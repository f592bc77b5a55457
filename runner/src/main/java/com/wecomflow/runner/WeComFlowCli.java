package com.wecomflow.runner;

import com.wecomflow.config.PipelineConfig;
import com.wecomflow.jobs.compliance.ComplianceRule;
import com.wecomflow.jobs.compliance.RuleSet;
import com.wecomflow.records.ResultTable;
import com.wecomflow.sinks.clickhouse.ClickHouseConnection;
import com.wecomflow.sinks.postgres.PostgresConnection;
import com.wecomflow.sinks.postgres.PostgresTables;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The {@code ./run} commands that run the product on one machine: replay, generate, demo. */
@Command(
        name = "./run",
        mixinStandardHelpOptions = true,
        subcommands = {
            WeComFlowCli.Replay.class, WeComFlowCli.Generate.class, WeComFlowCli.Demo.class, WeComFlowCli.Bench.class,
            WeComFlowCli.Migrate.class, WeComFlowCli.Receiver.class, WeComFlowCli.ArchiveBridgeCommand.class,
            TopicsCommand.class, RulesCommand.class, TailCommand.class, JobsCommand.class,
            QueryCommand.class, BrokerCommand.class, ClusterCommand.class, ProduceCommand.class
        },
        description = "wecom-flow: streaming analytics for WeCom private-domain operations.")
public final class WeComFlowCli implements Callable<Integer> {

    /** Exit status for a bad argument or an unreadable file. */
    public static final int USAGE_ERROR = 2;

    /** Exit status for a command that failed while running (a server unreachable, a statement refused). */
    public static final int FAILURE = 1;

    /** Set to {@code 1} to get a failed command's stack trace as well as its one-line error. */
    public static final String DEBUG_VARIABLE = "WECOM_FLOW_DEBUG";

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return USAGE_ERROR;
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line; a bad argument prints one line to standard error and returns {@link #USAGE_ERROR}. */
    public static int execute(String... args) {
        return execute("1".equals(System.getenv(DEBUG_VARIABLE)), args);
    }

    /**
     * @param debug print the stack trace of a failed command too (what {@link #DEBUG_VARIABLE} asks
     *     for); otherwise a failure is one line, for people who run commands rather than debug them
     */
    static int execute(boolean debug, String... args) {
        CommandLine commandLine = new CommandLine(new WeComFlowCli());
        versionEverywhere(commandLine, new ProjectVersion());
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            java.io.PrintWriter err = exception.getCommandLine().getErr();
            // The whole command ("./run rules disable"): a subcommand's name alone is not something to run.
            // Picocli words some messages "Error: ..." itself (an option group's); the line says it once.
            err.println("error: " + exception.getMessage().replaceFirst("^Error: ", "") + " (see "
                    + exception.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return USAGE_ERROR;
        });
        commandLine.setExecutionExceptionHandler((exception, command, parsed) -> {
            if (debug) {
                exception.printStackTrace(command.getErr());
            }
            if (exception instanceof IllegalArgumentException) {
                command.getErr().println("error: " + CommandFailure.oneLine(exception.getMessage()));
                return USAGE_ERROR;
            }
            command.getErr().println("error: " + CommandFailure.describe(exception));
            return FAILURE;
        });
        return commandLine.execute(args);
    }

    /** {@code -V} on every command, subcommands included (picocli asks each command for its own provider). */
    private static void versionEverywhere(CommandLine command, CommandLine.IVersionProvider version) {
        command.getCommandSpec().versionProvider(version);
        for (CommandLine subcommand : command.getSubcommands().values()) {
            versionEverywhere(subcommand, version);
        }
    }

    /** The Maven project version, filled into {@code version.properties} when the runner is built. */
    static final class ProjectVersion implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws java.io.IOException {
            java.util.Properties properties = new java.util.Properties();
            try (java.io.InputStream in = WeComFlowCli.class.getResourceAsStream("version.properties")) {
                if (in == null) {
                    throw new IllegalStateException("version.properties is missing from the classpath: run ./run build");
                }
                properties.load(in);
            }
            return new String[] {"wecom-flow " + properties.getProperty("version")};
        }
    }

    static Path readableFile(Path file, String option) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(option + ": cannot read file " + file);
        }
        return file;
    }

    /** The output directory: created when missing; anything else there is an error, not a stack trace. */
    static Path outputDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (java.io.IOException | SecurityException e) {
            throw new IllegalArgumentException("--out: cannot use " + directory + " as the output directory ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (!Files.isWritable(directory)) {
            throw new IllegalArgumentException("--out: cannot write to " + directory);
        }
        return directory;
    }

    static PipelineConfig config(Path file) throws java.io.IOException {
        if (file == null) {
            return PipelineConfig.defaults();
        }
        Path readable = readableFile(file, "--config");
        try {
            return PipelineConfig.load(readable);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--config " + e.getMessage(), e);
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Replay WeCom callback and archive files through Kafka and every job; write the final tables.")
    static final class Replay implements Callable<Integer> {
        @Option(names = "--callbacks", required = true, paramLabel = "FILE", description = "callback events, JSON lines")
        Path callbacks;

        @Option(names = "--messages", required = true, paramLabel = "FILE", description = "archive messages, JSON lines")
        Path messages;

        @Option(names = "--rules", paramLabel = "FILE", description = "compliance rules, JSON lines")
        Path rules;

        @Option(names = "--channels", paramLabel = "FILE",
                description = "the channel catalogue, JSON lines (a later line for the same corp_id and state replaces an earlier one)")
        Path channels;

        @Option(names = "--config", paramLabel = "FILE", description = "settings, JSON or YAML")
        Path config;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory")
        Path out;

        @Option(names = "--clickhouse-url", paramLabel = "URL",
                description = "also write every table to this ClickHouse server (run ./run migrate first)")
        String clickHouseUrl;

        @Option(names = "--postgres-url", paramLabel = "JDBC-URL",
                description = "also write every table to this PostgreSQL, jdbc:postgresql://host:5432/db, the login "
                        + "from ?user=...&password=... or PGUSER / PGPASSWORD (run ./run migrate --postgres-url first)")
        String postgresUrl;

        @Option(names = "--state", defaultValue = "auto", paramLabel = "WHERE",
                description = "where the jobs keep state: auto (the heap when it fits, else RocksDB), heap or rocksdb "
                        + "(default ${DEFAULT-VALUE})")
        String state;

        @Option(names = "--parallelism", defaultValue = "" + ReplayRunner.DEFAULT_PARALLELISM, paramLabel = "N",
                description = "every job's parallelism (default ${DEFAULT-VALUE}; 1 runs faster on 2 cores)")
        int parallelism;

        @Override
        public Integer call() throws Exception {
            LocalState where = localState(state);
            ReplayRunner.Options options = new ReplayRunner.Options(
                    readableFile(callbacks, "--callbacks"),
                    readableFile(messages, "--messages"),
                    rules == null ? null : readableFile(rules, "--rules"),
                    config(config),
                    outputDirectory(out),
                    clickHouseUrl == null ? null : ClickHouseConnection.parse(clickHouseUrl),
                    channels == null ? null : readableFile(channels, "--channels"), where, parallelism,
                    postgresUrl == null ? null : PostgresConnection.parse(postgresUrl));
            ReplayRunner.Summary summary = new ReplayRunner().run(options, new Progress(System.err));
            printSummary(summary, out, System.out);
            printAlsoIn(options.postgres(), System.out);
            return 0;
        }
    }

    static LocalState localState(String name) {
        return switch (name) {
            case "auto" -> LocalState.AUTO;
            case "heap" -> LocalState.HEAP;
            case "rocksdb" -> LocalState.ROCKSDB;
            default -> throw new IllegalArgumentException("--state takes auto, heap or rocksdb, got " + name);
        };
    }

    static void printSummary(ReplayRunner.Summary summary, Path out, PrintStream print) {
        double seconds = Math.max(summary.elapsed().toMillis(), 1) / 1000.0;
        print.printf("replayed %,d callback records and %,d archive records with %s in %.1fs (%,.0f records/s)%n",
                summary.callbacks(), summary.messages(), rulesInForce(summary.rules(), summary.builtinRules()),
                seconds, (summary.callbacks() + summary.messages()) / seconds);
        for (Map.Entry<String, Integer> table : summary.tableRows().entrySet()) {
            print.printf("  %-28s %,8d rows  -> %s%n", table.getKey(), table.getValue(),
                    out.resolve(table.getKey() + ".jsonl"));
        }
        print.printf("  %-28s %,8d records -> %s%n", "alert stream", summary.alerts(), out.resolve("alerts.jsonl"));
        print.printf("  %-28s %,8d records -> %s%n", "dead letters", summary.deadLetters(),
                out.resolve("deadletter.jsonl"));
    }

    /** Where else the tables went, after the summary of the files. */
    static void printAlsoIn(PostgresConnection postgres, PrintStream print) {
        if (postgres != null) {
            print.printf("  every table also in PostgreSQL at %s, schema %s%n", postgres, ResultTable.DATABASE);
        }
    }

    /** {@link #rulesInForce(int, List)} for the rules a job starts with. */
    static String rulesInForce(List<ComplianceRule> rules) {
        return rulesInForce(ownRules(rules), RuleSet.of(rules).builtinsInForce());
    }

    /** The user's own rules: a line with a built-in's id only sets that built-in, so it is not counted. */
    static int ownRules(List<ComplianceRule> rules) {
        return (int) rules.stream().filter(rule -> !ComplianceRule.BUILTIN.equals(rule.type())).count();
    }

    /** "0 compliance rules" alone would read as "nothing is checked": the built-ins apply without a rules file. */
    static String rulesInForce(int rules, List<String> builtinRules) {
        String own = rules + " compliance rule" + (rules == 1 ? "" : "s");
        if (builtinRules.isEmpty()) {
            return own + " (built-in rules disabled)";
        }
        boolean one = builtinRules.size() == 1;
        String builtins = (one ? "built-in rule " : "built-in rules ") + String.join(" and ", builtinRules);
        return rules == 0
                ? own + " (the " + builtins + (one ? " still applies)" : " still apply)")
                : own + " plus the " + builtins;
    }

    /** The simulated tenant's size and seed, for generate and demo alike. */
    static final class TenantOptions {
        @Option(names = "--days", defaultValue = "30", description = "days of activity (default ${DEFAULT-VALUE})")
        int days;

        @Option(names = "--customers", defaultValue = "2000", description = "customers acquired (default ${DEFAULT-VALUE})")
        int customers;

        @Option(names = "--seed", defaultValue = "7", description = "random seed; same seed, same files (default ${DEFAULT-VALUE})")
        long seed;

        TenantGenerator generator() {
            return new TenantGenerator(days, customers, seed);
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Write a realistic simulated tenant: callbacks.jsonl, messages.jsonl, channels.jsonl (its channel catalogue) and rules.jsonl.")
    static final class Generate implements Callable<Integer> {
        @Mixin
        TenantOptions tenant;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory")
        Path out;

        @Override
        public Integer call() throws Exception {
            TenantGenerator.Stats stats = tenant.generator().writeTo(outputDirectory(out));
            System.out.println(stats.describe(out));
            return 0;
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = "Apply the migrations a ClickHouse server or a PostgreSQL database has not had yet (safe to run again).")
    static final class Migrate implements Callable<Integer> {

        /** Exactly one database per run: each has its own migration files. */
        static final class Target {
            @Option(names = "--clickhouse-url", paramLabel = "URL",
                    description = "http://host:8123, the login from CLICKHOUSE_USER / CLICKHOUSE_PASSWORD "
                            + "(http://user:password@host:8123 works too, but ps shows it); applies sql/migrations")
            String clickHouseUrl;

            @Option(names = "--postgres-url", paramLabel = "JDBC-URL",
                    description = "jdbc:postgresql://host:5432/db, the login from PGUSER / PGPASSWORD "
                            + "(or ?user=...&password=... in the URL); applies sql/postgres")
            String postgresUrl;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        @Option(names = "--migrations", paramLabel = "DIR",
                description = "migration files (default sql/migrations for ClickHouse, sql/postgres for PostgreSQL)")
        Path migrations;

        @Option(names = "--alert-retention-days", defaultValue = "400", paramLabel = "DAYS",
                description = "ClickHouse: how long compliance alerts are kept (default ${DEFAULT-VALUE})")
        int alertRetentionDays;

        @Option(names = "--timezone", defaultValue = "Asia/Shanghai", paramLabel = "ZONE",
                description = "ClickHouse: the business time zone of the time columns; the jobs' timezone "
                        + "(default ${DEFAULT-VALUE}; PostgreSQL's timestamptz needs none)")
        String timezone;

        @Override
        public Integer call() throws Exception {
            Progress progress = new Progress(System.out);
            if (target.postgresUrl != null) {
                PostgresConnection postgres = PostgresConnection.parse(target.postgresUrl);
                List<Migrations.Migration> files = Migrations.load(
                        migrations == null ? Path.of("sql/postgres") : migrations, Map.of());
                new PostgresMigrations(postgres).apply(files, progress);
                return 0;
            }
            if (alertRetentionDays < 1) {
                throw new IllegalArgumentException("--alert-retention-days must be at least 1");
            }
            new com.wecomflow.time.BusinessCalendar(timezone);
            List<Migrations.Migration> files = Migrations.load(migrations == null ? Path.of("sql/migrations") : migrations,
                    Map.of("alert_retention_days", Integer.toString(alertRetentionDays), "timezone", timezone));
            new ClickHouseMigrations(ClickHouseConnection.parse(target.clickHouseUrl)).apply(files, progress);
            return 0;
        }
    }

    /** A Kafka to produce to: the given cluster, or (for a bare machine) an in-process broker. */
    static final class KafkaOption {
        @Option(names = "--bootstrap-servers", paramLabel = "HOSTS",
                description = "Kafka to produce to (default: an in-process broker, for trying it on one machine)")
        String bootstrapServers;

        /** The cluster's address; starts a local broker when none was given (closed with the returned handle). */
        AutoCloseable connect(String[] address) throws Exception {
            if (bootstrapServers != null) {
                address[0] = bootstrapServers;
                return () -> { };
            }
            LocalKafkaBroker broker = LocalKafkaBroker.start(java.nio.file.Files.createTempDirectory("wecom-flow-kafka-"));
            address[0] = broker.bootstrapServers();
            System.err.println("no --bootstrap-servers: using an in-process Kafka broker at " + address[0]);
            return broker;
        }

        static org.apache.kafka.clients.producer.KafkaProducer<String, String> producer(String bootstrapServers) {
            return new org.apache.kafka.clients.producer.KafkaProducer<>(
                    com.wecomflow.kafka.WeComKafka.producerSettings(bootstrapServers),
                    new org.apache.kafka.common.serialization.StringSerializer(),
                    new org.apache.kafka.common.serialization.StringSerializer());
        }
    }

    static String required(String value, String option, String environment) {
        String resolved = value != null ? value : System.getenv(environment);
        if (resolved == null || resolved.isBlank()) {
            throw new IllegalArgumentException("missing " + option + " (or the environment variable " + environment + ")");
        }
        return resolved;
    }

    @Command(name = "receiver", mixinStandardHelpOptions = true,
            description = "Serve WeCom's encrypted callbacks at /wecom/callback and produce them to wecom.callback.events.")
    static final class Receiver implements Callable<Integer> {
        @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDR",
                description = "address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for every interface, "
                        + "e.g. in a container behind the reverse proxy)")
        String host;

        @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE})")
        int port;

        @Option(names = "--token", description = "the callback Token (ps shows it: prefer WECOM_TOKEN or --token-file)")
        String token;

        @Option(names = "--token-file", paramLabel = "FILE", description = "a file holding the callback Token")
        Path tokenFile;

        @Option(names = "--encoding-aes-key",
                description = "the callback EncodingAESKey (ps shows it: prefer WECOM_ENCODING_AES_KEY or --encoding-aes-key-file)")
        String encodingAesKey;

        @Option(names = "--encoding-aes-key-file", paramLabel = "FILE", description = "a file holding the EncodingAESKey")
        Path encodingAesKeyFile;

        @Option(names = "--corp-id", description = "the CorpID, the expected receive id (or WECOM_CORP_ID)")
        String corpId;

        @Option(names = "--max-clock-skew-seconds", defaultValue = "300",
                description = "reject requests whose timestamp is further from now (default ${DEFAULT-VALUE})")
        int maxClockSkewSeconds;

        @Mixin
        KafkaOption kafka;

        @Override
        public Integer call() throws Exception {
            com.wecomflow.ingress.WeComCrypto crypto = new com.wecomflow.ingress.WeComCrypto(
                    secret(token, tokenFile, "--token", "WECOM_TOKEN"),
                    secret(encodingAesKey, encodingAesKeyFile, "--encoding-aes-key", "WECOM_ENCODING_AES_KEY"),
                    required(corpId, "--corp-id", "WECOM_CORP_ID"));
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be between 0 and 65535");
            }
            java.net.InetSocketAddress bindAddress = new java.net.InetSocketAddress(address(host), port);
            String[] address = new String[1];
            try (AutoCloseable broker = kafka.connect(address);
                    var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(
                            com.wecomflow.ingress.CallbackReceiver.producerSettings(address[0]),
                            new org.apache.kafka.common.serialization.StringSerializer(),
                            new org.apache.kafka.common.serialization.StringSerializer());
                    var receiver = new com.wecomflow.ingress.CallbackReceiver(crypto, producer,
                            java.time.Duration.ofSeconds(maxClockSkewSeconds), java.time.Clock.systemUTC(), bindAddress)) {
                try {
                    receiver.start();
                } catch (java.io.IOException e) {
                    throw new IllegalArgumentException("cannot listen on " + host + ":" + port + " (" + e.getMessage() + ")");
                }
                System.out.println("receiving WeCom callbacks at " + receiver.baseUrl()
                        + "/wecom/callback (health: /healthz), producing to " + address[0]);
                try {
                    new java.util.concurrent.CountDownLatch(1).await();
                } catch (InterruptedException stop) {
                    // Asked to stop: leaving the block closes the server, the producer and any local broker.
                }
            }
            return 0;
        }

        private static java.net.InetAddress address(String host) {
            try {
                return java.net.InetAddress.getByName(host);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException("--host: cannot resolve " + host);
            }
        }

        /** A secret from its option, its file (content trimmed) or its environment variable, in that order. */
        static String secret(String value, Path file, String option, String environment) {
            String fileOption = option + "-file";
            if (value != null && file != null) {
                throw new IllegalArgumentException(option + " and " + fileOption + ": give one of them, not both");
            }
            if (file == null) {
                String resolved = value != null ? value : System.getenv(environment);
                if (resolved == null || resolved.isBlank()) {
                    throw new IllegalArgumentException("missing the environment variable " + environment
                            + " (or " + fileOption + " FILE, or " + option + ")");
                }
                return resolved;
            }
            String content;
            try {
                content = Files.readString(readableFile(file, fileOption)).trim();
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(fileOption + ": cannot read " + file + " as UTF-8 text");
            }
            if (content.isEmpty()) {
                throw new IllegalArgumentException(fileOption + ": " + file + " is empty");
            }
            return content;
        }
    }

    @Command(name = "archive-bridge", mixinStandardHelpOptions = true,
            description = "Produce decrypted archive messages (JSON lines) to wecom.archive.messages, resuming after a checkpoint.")
    static final class ArchiveBridgeCommand implements Callable<Integer> {
        @Option(names = "--input", required = true, paramLabel = "FILE|DIR|-",
                description = "a JSON-lines file, a directory of them, or - for standard input")
        String input;

        @Option(names = "--follow", description = "keep watching the directory (or file) for new messages")
        boolean follow;

        @Option(names = "--corp-id", description = "the CorpID added as corpid (or WECOM_CORP_ID)")
        String corpId;

        @Option(names = "--checkpoint", defaultValue = "archive-bridge.checkpoint", paramLabel = "FILE",
                description = "where the last acknowledged seq is kept (default ${DEFAULT-VALUE})")
        Path checkpoint;

        @Mixin
        KafkaOption kafka;

        @Override
        public Integer call() throws Exception {
            String corp = required(corpId, "--corp-id", "WECOM_CORP_ID");
            long resumed = checkpointSeq(checkpoint);
            com.wecomflow.ingress.ArchiveBridge.ArchiveFeed feed = input.equals("-")
                    ? com.wecomflow.ingress.JsonLinesFeed.standardInput(System.in)
                    : com.wecomflow.ingress.JsonLinesFeed.of(Path.of(input), follow);
            String[] address = new String[1];
            Progress progress = new Progress(System.err);
            try (AutoCloseable broker = kafka.connect(address); var producer = KafkaOption.producer(address[0])) {
                com.wecomflow.ingress.ArchiveBridge bridge =
                        new com.wecomflow.ingress.ArchiveBridge(producer, corp, checkpoint);
                try {
                    com.wecomflow.ingress.ArchiveBridge.Result result =
                            bridge.run(feed, seq -> progress.update(String.format("acknowledged through seq %,d", seq)));
                    progress.done(String.format("produced %,d archive messages and %,d dead letters (resumed after seq %,d);"
                                    + " checkpoint %,d in %s",
                            result.produced(), result.deadLettered(), resumed, bridge.checkpoint(), checkpoint));
                } catch (com.wecomflow.ingress.ArchiveBridge.DeliveryFailedException e) {
                    // What Kafka has not acknowledged is sent again by the next run; waiting for it here helps nobody.
                    producer.close(java.time.Duration.ZERO);
                    progress.done("error: " + e.getMessage());
                    return 1;
                }
            }
            return 0;
        }

        /**
         * The seq to resume after. The checkpoint's directory must exist: one mistyped would
         * silently start over from seq 0.
         */
        static long checkpointSeq(Path file) {
            Path directory = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(directory)) {
                throw new IllegalArgumentException("--checkpoint " + file + ": the directory " + directory
                        + " does not exist (create it, or choose another path)");
            }
            if (!Files.isWritable(directory)) {
                throw new IllegalArgumentException("--checkpoint " + file + ": cannot write to the directory " + directory);
            }
            try {
                return com.wecomflow.ingress.ArchiveBridge.readCheckpoint(file);
            } catch (com.wecomflow.ingress.ArchiveBridge.NotACheckpointException e) {
                throw new IllegalArgumentException("--checkpoint " + e.getMessage());
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("--checkpoint " + file + ": cannot read it (" + e + ")");
            }
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {WeComFlowCli.BenchMatcher.class, WeComFlowCli.BenchPipeline.class,
                    WeComFlowCli.BenchSinks.class},
            description = "Measure a component against a baseline in the same run.")
    static final class Bench implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name what to measure: matcher, pipeline or sinks");
        }
    }

    @Command(name = "matcher", mixinStandardHelpOptions = true,
            description = "The sensitive-word matcher with N keywords on chat text, against a naive contains loop.")
    static final class BenchMatcher implements Callable<Integer> {
        @Option(names = "--keywords", defaultValue = "10000", description = "keywords (default ${DEFAULT-VALUE})")
        int keywords;

        @Option(names = "--text-mb", defaultValue = "32", description = "MB of chat text (default ${DEFAULT-VALUE})")
        int textMegabytes;

        @Override
        public Integer call() {
            new MatcherBenchmark(keywords, textMegabytes, System.out).run();
            return 0;
        }
    }

    @Command(name = "pipeline", mixinStandardHelpOptions = true,
            description = "Every job together, each job alone, and the latency at a steady rate, against a plain "
                    + "Kafka consumer that parses the same records; prints a table and writes it as JSON.")
    static final class BenchPipeline implements Callable<Integer> {
        @Option(names = "--records", defaultValue = "1000000", description = "input records to generate (default ${DEFAULT-VALUE})")
        int records;

        @Option(names = "--rate", defaultValue = "5000", description = "records/s in the latency run (default ${DEFAULT-VALUE})")
        int rate;

        @Option(names = "--latency-seconds", defaultValue = "120",
                description = "length of the latency run, its first 15 s not counted (default ${DEFAULT-VALUE})")
        int latencySeconds;

        @Option(names = "--parallelism", defaultValue = "2",
                description = "parallelism of every run but the scaling run's 1 (default ${DEFAULT-VALUE}, as replay)")
        int parallelism;

        @Option(names = "--skip", split = ",", paramLabel = "PHASE",
                description = "phases not to run: baseline, pipeline, scaling, alone, latency")
        List<String> skip = List.of();

        @Option(names = "--json", paramLabel = "FILE", description = "where to write the figures (default out/bench/pipeline-TIME.json)")
        Path json;

        @Option(names = "--state", defaultValue = "auto", paramLabel = "WHERE",
                description = "state of the timed runs: auto (as replay), heap or rocksdb (default ${DEFAULT-VALUE})")
        String state;

        @Override
        public Integer call() throws Exception {
            PipelineBenchmark.Settings settings = new PipelineBenchmark.Settings(records, rate, latencySeconds, parallelism,
                    PipelineBenchmark.phasesWithout(skip), json == null ? PipelineBenchmark.defaultJson() : json,
                    localState(state));
            new PipelineBenchmark(settings, System.out).run();
            return 0;
        }
    }

    @Command(name = "sinks", mixinStandardHelpOptions = true,
            description = "The same result rows through the ClickHouse and PostgreSQL sinks, against the JSON-lines sink; "
                    + "rows/s of each. Writes rows of corp_id wecom-flow-bench into member_daily_activity: use scratch databases.")
    static final class BenchSinks implements Callable<Integer> {
        @Option(names = "--rows", defaultValue = "200000", paramLabel = "N", description = "rows per sink (default ${DEFAULT-VALUE})")
        int rows;

        @Option(names = "--parallelism", defaultValue = "1", paramLabel = "N",
                description = "each sink job's parallelism (default ${DEFAULT-VALUE})")
        int parallelism;

        @Option(names = "--clickhouse-url", paramLabel = "URL", description = "a ClickHouse with the result tables")
        String clickHouseUrl;

        @Option(names = "--postgres-url", paramLabel = "JDBC-URL",
                description = "a PostgreSQL with the result tables, the login from the URL or PGUSER / PGPASSWORD")
        String postgresUrl;

        @Override
        public Integer call() throws Exception {
            new SinkBenchmark(rows, parallelism,
                    clickHouseUrl == null ? null : ClickHouseConnection.parse(clickHouseUrl),
                    postgresUrl == null ? null : PostgresConnection.parse(postgresUrl), System.out).run();
            return 0;
        }
    }

    /** The analyst queries the demo ends with: the growth questions only SQL over the facts answers. */
    static final List<Path> DEMO_QUERIES = List.of(
            Path.of("sql/queries/fission_leaderboard.sql"),
            Path.of("sql/queries/funnel_by_region.sql"),
            Path.of("sql/queries/duplicate_members.sql"));

    /** Rows of each demo query printed; ./run query prints them all. */
    static final int DEMO_QUERY_ROWS = 10;

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Generate a tenant, replay it through Kafka and Flink, and print what every table shows.")
    static final class Demo implements Callable<Integer> {
        @Mixin
        TenantOptions tenant;

        @Option(names = "--out", defaultValue = "out/demo", paramLabel = "DIR", description = "working directory (default ${DEFAULT-VALUE})")
        Path out;

        @Option(names = "--clickhouse-url", paramLabel = "URL",
                description = "also load every table into this ClickHouse server (migrated with ./run migrate)")
        String clickHouseUrl;

        @Option(names = "--postgres-url", paramLabel = "JDBC-URL",
                description = "also load every table into this PostgreSQL, jdbc:postgresql://host:5432/db, the login "
                        + "from ?user=...&password=... or PGUSER / PGPASSWORD (migrated with ./run migrate --postgres-url)")
        String postgresUrl;

        @Option(names = "--channels", paramLabel = "FILE",
                description = "the channel catalogue, JSON lines (default: the generated tenant's "
                        + TenantGenerator.CHANNELS_FILE + ")")
        Path channels;

        @Override
        public Integer call() throws Exception {
            Path catalogue = channels == null ? null : readableFile(channels, "--channels");
            PostgresConnection postgres = postgresUrl == null ? null : PostgresConnection.parse(postgresUrl);
            if (postgres != null) {
                // Before the tenant is generated: a database that cannot take the tables stops the demo at once.
                PostgresTables.requireResultTables(postgres);
            }
            Path input = outputDirectory(out).resolve("input");
            Path results = out.resolve("results");
            System.out.printf("1/4 generating a tenant: %d customers over %d days (seed %d)%n",
                    tenant.customers, tenant.days, tenant.seed);
            TenantGenerator.Stats stats = tenant.generator().writeTo(input);
            System.out.println("    " + stats.describe(input).replace("\n", "\n    "));
            System.out.println("2/4 replaying through Kafka and Flink");
            ReplayRunner.Summary summary = new ReplayRunner().run(
                    new ReplayRunner.Options(
                            input.resolve(TenantGenerator.CALLBACKS_FILE),
                            input.resolve(TenantGenerator.MESSAGES_FILE),
                            input.resolve(TenantGenerator.RULES_FILE),
                            PipelineConfig.defaults(),
                            results,
                            clickHouseUrl == null ? null : ClickHouseConnection.parse(clickHouseUrl),
                            catalogue != null ? catalogue : input.resolve(TenantGenerator.CHANNELS_FILE))
                            .withPostgres(postgres),
                    new Progress(System.out));
            printSummary(summary, results, System.out);
            printAlsoIn(postgres, System.out);
            System.out.println("3/4 what the tables show");
            new DemoReport(results, input.resolve(TenantGenerator.RULES_FILE),
                    PipelineConfig.defaults().attributionWindowDays(), System.out).print();
            System.out.println("4/4 what the growth team's queries show (sql/queries on the embedded ClickHouse engine)");
            System.out.flush();
            return QueryCommand.runOnEmbeddedEngine(DEMO_QUERIES, results, DEMO_QUERY_ROWS);
        }
    }
}
