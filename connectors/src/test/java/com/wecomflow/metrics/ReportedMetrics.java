package com.wecomflow.metrics;

import java.util.Map;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;

/**
 * What jobs on a test MiniCluster reported through Flink's metric system (its in-memory reporter,
 * which keeps a finished job's metrics), read by job, operator name and the metric's name below
 * the operator, e.g. {@code wecom.recordsIn}.
 */
public final class ReportedMetrics {

    private final InMemoryReporter reporter = InMemoryReporter.createWithRetainedMetrics();

    /** A one-task-manager MiniCluster that reports here and never restarts a job (a restart would count twice). */
    public MiniClusterResourceConfiguration cluster(int slots) {
        Configuration configuration = reporter.addToConfiguration(new Configuration());
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "disable");
        return new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(slots)
                .build();
    }

    /** The counter summed over the operator's subtasks. */
    public long counter(JobID job, String operator, String metric) {
        long sum = 0;
        for (Metric found : find(job, operator, metric).values()) {
            sum += ((Counter) found).getCount();
        }
        return sum;
    }

    /** The gauge's value in the operator's only subtask. */
    public Object gauge(JobID job, String operator, String metric) {
        Map<String, Metric> found = find(job, operator, metric);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + metric + " of " + operator + ", found " + found.keySet());
        }
        return ((Gauge<?>) found.values().iterator().next()).getValue();
    }

    private Map<String, Metric> find(JobID job, String operator, String metric) {
        // Operator identifiers end in OPERATOR_NAME.SUBTASK_INDEX.METRIC_NAME.
        String pattern = Pattern.quote("." + operator + ".") + "\\d+" + Pattern.quote("." + metric) + "$";
        Map<String, Metric> found = reporter.findMetrics(job, pattern);
        if (found.isEmpty()) {
            throw new AssertionError("no metric " + metric + " of operator '" + operator + "'; the job reported "
                    + reporter.findMetrics(job, Pattern.quote(".wecom.")).keySet());
        }
        return found;
    }
}
