package com.wecomflow.runner;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** What a command writes to standard error, captured for a test (restore it in a finally). */
final class StandardError {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private StandardError() {}

    static StandardError capture() {
        StandardError err = new StandardError();
        System.setErr(new PrintStream(err.captured, true, StandardCharsets.UTF_8));
        return err;
    }

    /** The lines written so far, without blank ones. */
    List<String> lines() {
        return Arrays.stream(captured.toString(StandardCharsets.UTF_8).split("\n")).filter(line -> !line.isBlank()).toList();
    }

    void clear() {
        captured.reset();
    }

    void restore() {
        System.setErr(original);
    }
}
