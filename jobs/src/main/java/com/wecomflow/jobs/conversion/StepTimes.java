package com.wecomflow.jobs.conversion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When a customer took one kind of step (joined a group, sent a message, deleted an employee, ...),
 * each time with the employee it concerns ({@code ""} for steps that concern none). A journey asks
 * for the first step at or after the add, so of the times at or after the add only the earliest per
 * employee can ever matter; the others are dropped as soon as they arrive.
 */
final class StepTimes {

    /** A step with no employee of its own. */
    static final String ANY_EMPLOYEE = "";

    /** One step: when, and with which employee. */
    record Step(long atMillis, String employee) {}

    private final List<Step> steps = new ArrayList<>();

    /** Adds a step; the same time with the same employee is kept once, since only the earliest time counts. */
    void add(long atMillis, String employee) {
        Step step = new Step(atMillis, employee);
        if (!steps.contains(step)) {
            steps.add(step);
        }
    }

    /** The earliest step at or after {@code fromMillis} with this employee (any, when null), or null when none. */
    Long firstFrom(long fromMillis, String employee) {
        Long first = null;
        for (Step step : steps) {
            if (step.atMillis() >= fromMillis && (employee == null || employee.equals(step.employee()))
                    && (first == null || step.atMillis() < first)) {
                first = step.atMillis();
            }
        }
        return first;
    }

    /**
     * Drops every step that can no longer be a first: those before {@code keepFromMillis}, and per
     * employee those later than that employee's first step at or after {@code addedAtMillis}
     * (unless null: no add is known, so any step may still be the first after some add).
     *
     * @param onlyEmployee when not null, the steps of every other employee are dropped too
     */
    void keepCandidates(long keepFromMillis, Long addedAtMillis, String onlyEmployee) {
        Map<String, Long> firstByEmployee = addedAtMillis == null ? Map.of() : firstByEmployeeFrom(addedAtMillis);
        steps.removeIf(step -> !canStillBeFirst(step, keepFromMillis, firstByEmployee, onlyEmployee));
    }

    private static boolean canStillBeFirst(
            Step step, long keepFromMillis, Map<String, Long> firstByEmployee, String onlyEmployee) {
        return step.atMillis() >= keepFromMillis
                && (onlyEmployee == null || onlyEmployee.equals(step.employee()))
                && step.atMillis() <= firstByEmployee.getOrDefault(step.employee(), Long.MAX_VALUE);
    }

    int size() {
        return steps.size();
    }

    boolean isEmpty() {
        return steps.isEmpty();
    }

    private Map<String, Long> firstByEmployeeFrom(long fromMillis) {
        Map<String, Long> first = new HashMap<>();
        for (Step step : steps) {
            if (step.atMillis() >= fromMillis) {
                first.merge(step.employee(), step.atMillis(), Math::min);
            }
        }
        return first;
    }
}
