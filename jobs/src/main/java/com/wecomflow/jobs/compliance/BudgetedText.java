package com.wecomflow.jobs.compliance;

/**
 * A text that a regular expression may read only so many times: a pattern that backtracks
 * catastrophically ({@code (a+)+$}) is stopped with {@link BudgetExceeded} instead of stalling the
 * job. Java's regex engine reads its input only through {@link #charAt}.
 */
final class BudgetedText implements CharSequence {

    /** The pattern read the text more often than its budget allows. */
    static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super(null, null, false, false);
        }
    }

    private final String text;
    private final int offset;
    private final int length;
    private final long[] remaining;

    BudgetedText(String text, long budget) {
        this(text, 0, text.length(), new long[] {budget});
    }

    private BudgetedText(String text, int offset, int length, long[] remaining) {
        this.text = text;
        this.offset = offset;
        this.length = length;
        this.remaining = remaining;
    }

    @Override
    public char charAt(int index) {
        if (--remaining[0] < 0) {
            throw new BudgetExceeded();
        }
        return text.charAt(offset + index);
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BudgetedText(text, offset + start, end - start, remaining);
    }

    @Override
    public String toString() {
        return text.substring(offset, offset + length);
    }
}
