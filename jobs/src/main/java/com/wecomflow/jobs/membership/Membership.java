package com.wecomflow.jobs.membership;

/**
 * What {@code group_members} keeps per member of a group: the latest join, the latest leave and
 * the number of joins. Latest times and a count do not depend on the order the changes arrive in,
 * so neither does the row made from them.
 *
 * @param joinedAtMillis the latest {@code add_member} listing the member, or {@link #NEVER}
 * @param leftAtMillis the latest {@code del_member} listing the member, or {@link #NEVER}
 * @param joinCnt the {@code add_member} changes listing the member
 * @param version the version of the row last emitted for the member
 */
public record Membership(long joinedAtMillis, long leftAtMillis, long joinCnt, long version) {

    /** The time of a join or leave that the pipeline never saw. */
    public static final long NEVER = Long.MIN_VALUE;

    /** A member before any change. */
    public static final Membership UNKNOWN = new Membership(NEVER, NEVER, 0, 0);

    /** With one more {@code add_member} change, at {@code atMillis}. */
    public Membership joined(long atMillis) {
        return new Membership(Math.max(joinedAtMillis, atMillis), leftAtMillis, joinCnt + 1, version);
    }

    /** With one more {@code del_member} change, at {@code atMillis}. */
    public Membership left(long atMillis) {
        return new Membership(joinedAtMillis, Math.max(leftAtMillis, atMillis), joinCnt, version);
    }

    public boolean hasJoined() {
        return joinedAtMillis != NEVER;
    }

    public boolean hasLeft() {
        return leftAtMillis != NEVER;
    }

    /**
     * In the group when the latest change is a join. WeCom's {@code CreateTime} has whole seconds, so
     * a join and a leave in the same second cannot be ordered; the member then counts as out.
     */
    public boolean isMember() {
        return joinedAtMillis > leftAtMillis;
    }

    /** Whether both give the same row, whatever their versions. */
    public boolean sameFactsAs(Membership other) {
        return joinedAtMillis == other.joinedAtMillis && leftAtMillis == other.leftAtMillis && joinCnt == other.joinCnt;
    }

    public Membership withVersion(long newVersion) {
        return new Membership(joinedAtMillis, leftAtMillis, joinCnt, newVersion);
    }
}
