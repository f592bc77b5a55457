package com.wecomflow.jobs.records;

/**
 * One thing a member did in a customer group, the unit {@code group_daily_stats} is built from.
 *
 * @param kind what happened
 * @param eventTimeMillis when, Unix milliseconds
 */
public record GroupActivity(String corpId, String chatId, String memberId, Kind kind, long eventTimeMillis)
        implements GroupMemberEvent {

    /** A counted message (a check-in is one too). */
    public boolean isMessage() {
        return kind == Kind.MESSAGE || kind == Kind.CHECKIN;
    }

    public enum Kind {
        /** In an {@code add_member} change. */
        JOINED,
        /** In a {@code del_member} change. */
        QUIT,
        /** Sent a counted message. */
        MESSAGE,
        /** Sent a counted message that is a check-in. */
        CHECKIN
    }
}
