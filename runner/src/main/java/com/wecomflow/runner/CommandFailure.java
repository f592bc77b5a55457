package com.wecomflow.runner;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A command that failed while running, said in one line. Thrown with a message written for the
 * user (it is printed as is); any other exception is described by its message and type.
 */
public final class CommandFailure extends RuntimeException {

    private static final int MAX_LENGTH = 1_000;

    public CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** One line for any exception: its own message for a {@code CommandFailure}, else message and type. */
    static String describe(Throwable exception) {
        Throwable failure = unwrap(exception);
        if (failure instanceof CommandFailure) {
            return oneLine(failure.getMessage());
        }
        String type = failure.getClass().getSimpleName();
        String message = failure.getMessage();
        String hint = WeComFlowCli.DEBUG_VARIABLE + "=1 shows the stack trace";
        return message == null || message.isBlank()
                ? type + " (" + hint + ")"
                : oneLine(message) + " (" + type + "; " + hint + ")";
    }

    /** The exception that says what went wrong, under the wrappers of asynchronous and reflective calls. */
    static Throwable unwrap(Throwable exception) {
        Throwable current = exception;
        while ((current instanceof ExecutionException || current instanceof CompletionException
                || current instanceof InvocationTargetException || current instanceof UndeclaredThrowableException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** Server errors and parser messages span lines; an error is one line, so a script can grep it. */
    static String oneLine(String message) {
        String line = message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
        return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH) + "...";
    }
}
