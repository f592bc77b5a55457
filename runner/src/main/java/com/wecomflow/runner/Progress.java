package com.wecomflow.runner;

import java.io.PrintStream;

/**
 * One status line that moves while long work runs. On a terminal it is redrawn in place; in a
 * log (CI) a new line is printed at most every few seconds, so progress stays visible without
 * flooding the log.
 */
public final class Progress {

    private static final long LOG_INTERVAL_MILLIS = 5_000;

    private final PrintStream out;
    private final boolean terminal;
    private long lastPrinted;
    private int lastLength;

    public Progress(PrintStream out) {
        this(out, System.console() != null);
    }

    Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    public static Progress silent() {
        return new Progress(new PrintStream(java.io.OutputStream.nullOutputStream()), false);
    }

    /** Shows the current state; cheap to call often. */
    public synchronized void update(String status) {
        long now = System.currentTimeMillis();
        if (terminal) {
            String padded = status + " ".repeat(Math.max(0, lastLength - status.length()));
            out.print("\r" + padded);
            out.flush();
            lastLength = status.length();
        } else if (now - lastPrinted >= LOG_INTERVAL_MILLIS) {
            out.println(status);
            lastPrinted = now;
        }
    }

    /** Ends the moving line with a final status. */
    public synchronized void done(String status) {
        if (terminal) {
            update(status);
            out.println();
        } else {
            out.println(status);
        }
        lastLength = 0;
        lastPrinted = 0;
    }
}
