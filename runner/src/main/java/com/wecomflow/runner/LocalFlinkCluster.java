package com.wecomflow.runner;

import com.wecomflow.cli.StateSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.util.stats.StatsSummarySnapshot;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * A Flink MiniCluster that several jobs run on side by side, as they would on a session cluster.
 * {@link #submit} builds each job's graph on an environment of its own and runs it, with the
 * production {@link StateSettings} (RocksDB, incremental checkpoints) and checkpoints in a
 * temporary directory that {@link #close} removes unless a job's settings name another.
 */
public final class LocalFlinkCluster implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";

    /** Off-heap memory the slots share for RocksDB (block cache and write buffers). */
    static final MemorySize MANAGED_MEMORY = MemorySize.ofMebiBytes(1024);

    private final MiniCluster cluster;
    private final int parallelism;
    private final long checkpointIntervalMillis;
    private final Map<JobID, String> jobs = new LinkedHashMap<>();
    private final Path checkpoints;

    public LocalFlinkCluster(int slots, int parallelism, long checkpointIntervalMillis) throws Exception {
        Configuration configuration = new Configuration();
        configuration.set(RestOptions.BIND_PORT, "0");
        // A local run serves no one else: the web UI, blob server and task manager listen on loopback only.
        configuration.set(RestOptions.ADDRESS, LOOPBACK);
        configuration.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        configuration.set(JobManagerOptions.ADDRESS, LOOPBACK);
        configuration.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        configuration.set(TaskManagerOptions.HOST, LOOPBACK);
        configuration.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        // The MiniCluster's default, 128 MB for all slots, leaves each job's RocksDB a few megabytes of
        // write buffers: it then flushes and compacts all the time, and the jobs together ran 3x slower than one after another.
        configuration.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MANAGED_MEMORY);
        this.cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
        this.parallelism = parallelism;
        this.checkpointIntervalMillis = checkpointIntervalMillis;
        this.checkpoints = Files.createTempDirectory("wecom-flow-checkpoints-");
        cluster.start();
    }

    /** Builds a job's graph (as the job's {@code buildGraph} does) and submits it as a job of its own. */
    public JobID submit(String name, GraphBuilder graph) throws Exception {
        return submit(name, graph, new Configuration());
    }

    /**
     * As {@link #submit(String, GraphBuilder)}, with job settings that override the local-run
     * defaults: a restart strategy, checkpoint storage, a checkpoint to resume from.
     */
    public JobID submit(String name, GraphBuilder graph, Configuration settings) throws Exception {
        StreamExecutionEnvironment env = newEnvironment(settings);
        graph.build(env);
        StreamGraph streamGraph = env.getStreamGraph();
        streamGraph.setJobName(name);
        JobGraph jobGraph = streamGraph.getJobGraph(Thread.currentThread().getContextClassLoader(), null);
        JobID id = cluster.submitJob(jobGraph).get().getJobID();
        jobs.put(id, name);
        return id;
    }

    /** Builds one job's graph on the environment it is given. */
    @FunctionalInterface
    public interface GraphBuilder {
        void build(StreamExecutionEnvironment env) throws Exception;
    }

    private StreamExecutionEnvironment newEnvironment(Configuration settings) {
        // A failure in a local run is a bug to report, not an outage to ride out: no restarts.
        Configuration configuration = new Configuration();
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "disable");
        configuration.addAll(StateSettings.missingFrom(new Configuration(), checkpoints.toUri().toString()));
        configuration.addAll(settings);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        env.setParallelism(parallelism);
        env.enableCheckpointing(checkpointIntervalMillis);
        return env;
    }

    /** Waits for every submitted job to finish; a failed job is an exception naming its cause. */
    public void awaitAll() throws Exception {
        List<CompletableFuture<JobResult>> results = new ArrayList<>();
        for (JobID id : jobs.keySet()) {
            results.add(cluster.requestJobResult(id));
        }
        for (CompletableFuture<JobResult> result : results) {
            JobResult jobResult = result.get();
            if (!jobResult.isSuccess()) {
                Throwable cause = jobResult.getSerializedThrowable()
                        .map(t -> t.deserializeError(Thread.currentThread().getContextClassLoader()))
                        .orElse(null);
                throw new IllegalStateException("job " + jobResult.getJobId() + " failed: " + cause, cause);
            }
        }
    }

    /** Cancels every submitted job (checkpoints retained on cancellation stay). */
    public void cancelAll() throws Exception {
        for (JobID id : jobs.keySet()) {
            cluster.cancelJob(id).get();
        }
    }

    /** What one job's checkpoints cost so far: sizes of the newest completed one, durations of all. */
    public record CheckpointFigures(
            String job, long completed, long stateBytes, long checkpointedBytes, long maxMillis, long averageMillis) {}

    /** Every submitted job's checkpoint figures, running or finished. */
    public List<CheckpointFigures> checkpointFigures() throws Exception {
        List<CheckpointFigures> figures = new ArrayList<>();
        for (Map.Entry<JobID, String> job : jobs.entrySet()) {
            CheckpointStatsSnapshot stats = cluster.getExecutionGraph(job.getKey()).get().getCheckpointStatsSnapshot();
            if (stats == null) {
                continue;
            }
            CompletedCheckpointStats latest = stats.getHistory().getLatestCompletedCheckpoint();
            StatsSummarySnapshot durations = stats.getSummaryStats().getEndToEndDurationStats();
            long completed = stats.getCounts().getNumberOfCompletedCheckpoints();
            figures.add(new CheckpointFigures(job.getValue(), completed,
                    latest == null ? 0 : latest.getStateSize(),
                    latest == null ? 0 : latest.getCheckpointedSize(),
                    completed == 0 ? 0 : durations.getMaximum(),
                    completed == 0 ? 0 : Math.round(durations.getAverage())));
        }
        return figures;
    }

    @Override
    public void close() throws Exception {
        try {
            cluster.closeAsync().get();
        } finally {
            Directories.deleteRecursively(checkpoints);
        }
    }
}
