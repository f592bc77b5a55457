package com.wecomflow.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * A Flink MiniCluster that several jobs run on side by side, as they would on a session cluster.
 * Each job builds its graph on an environment from {@link #newEnvironment()} and is submitted with
 * {@link #submit}.
 */
public final class LocalFlinkCluster implements AutoCloseable {

    private final MiniCluster cluster;
    private final int parallelism;
    private final long checkpointIntervalMillis;
    private final List<JobID> jobs = new ArrayList<>();

    public LocalFlinkCluster(int slots, int parallelism, long checkpointIntervalMillis) throws Exception {
        Configuration configuration = new Configuration();
        configuration.set(RestOptions.BIND_PORT, "0");
        this.cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
        this.parallelism = parallelism;
        this.checkpointIntervalMillis = checkpointIntervalMillis;
        cluster.start();
    }

    /** An environment to build one job's graph on. */
    public StreamExecutionEnvironment newEnvironment() {
        // A failure in a local run is a bug to report, not an outage to ride out: no restarts.
        Configuration configuration = new Configuration();
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "disable");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        env.setParallelism(parallelism);
        env.enableCheckpointing(checkpointIntervalMillis);
        return env;
    }

    /** Submits the graph built on {@code env} as a job of its own. */
    public JobID submit(StreamExecutionEnvironment env, String name) throws Exception {
        StreamGraph streamGraph = env.getStreamGraph();
        streamGraph.setJobName(name);
        JobGraph graph = streamGraph.getJobGraph(Thread.currentThread().getContextClassLoader(), null);
        JobID id = cluster.submitJob(graph).get().getJobID();
        jobs.add(id);
        return id;
    }

    /** Waits for every submitted job to finish; a failed job is an exception naming its cause. */
    public void awaitAll() throws Exception {
        List<CompletableFuture<JobResult>> results = new ArrayList<>();
        for (JobID id : jobs) {
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

    @Override
    public void close() throws Exception {
        cluster.closeAsync().get();
    }
}
