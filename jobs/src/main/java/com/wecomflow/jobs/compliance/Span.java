package com.wecomflow.jobs.compliance;

/** A region {@code [start, end)} of a normalised text. */
public record Span(int start, int end) {

    public boolean overlaps(Span other) {
        return start < other.end && other.start < end;
    }
}
