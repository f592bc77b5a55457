package com.wecomflow.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

/**
 * Metrics for Flink's operator test harnesses, which otherwise give an operator a metric group
 * that registers nothing: a harness built on {@link #environment()} registers its operator's
 * metrics here, on a real task metric group, and a test reads them by their name below the
 * operator, e.g. {@code wecom.kind.late_event.deadLetters}.
 */
public final class HarnessMetrics {

    private final Map<String, Metric> byIdentifier = new ConcurrentHashMap<>();
    private final TaskMetricGroup task;

    public HarnessMetrics() {
        TestingMetricRegistry registry = TestingMetricRegistry.builder()
                .setDelimiter('.')
                .setRegisterConsumer((metric, name, group) -> byIdentifier.put(group.getMetricIdentifier(name), metric))
                .build();
        task = TaskManagerMetricGroup.createTaskManagerMetricGroup(registry, "localhost", ResourceID.generate())
                .addJob(new JobID(), "job")
                .addTask(ExecutionAttemptID.randomId(), "task");
    }

    /** The environment to build a test harness on. */
    public MockEnvironment environment() {
        return new MockEnvironmentBuilder().setMetricGroup(task).build();
    }

    /** An open harness of the function, as {@code ProcessFunctionTestHarnesses} makes, reporting here. */
    public <I, O> OneInputStreamOperatorTestHarness<I, O> harness(ProcessFunction<I, O> function) throws Exception {
        OneInputStreamOperatorTestHarness<I, O> harness =
                new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(function), environment());
        harness.open();
        return harness;
    }

    /** An open keyed harness of the function, reporting here. */
    public <K, I, O> KeyedOneInputStreamOperatorTestHarness<K, I, O> keyedHarness(
            KeyedProcessFunction<K, I, O> function, KeySelector<I, K> key, TypeInformation<K> keyType) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<K, I, O> harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(function), key, keyType, environment());
        harness.open();
        return harness;
    }

    /** The operator's counter of that name; an error when it registered none or several. */
    public long counter(String name) {
        List<Map.Entry<String, Metric>> found = byIdentifier.entrySet().stream()
                .filter(entry -> entry.getKey().endsWith("." + name))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one counter " + name + ", found " + found + " among "
                    + byIdentifier.keySet());
        }
        return ((Counter) found.get(0).getValue()).getCount();
    }
}
