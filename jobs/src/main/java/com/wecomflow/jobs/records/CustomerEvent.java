package com.wecomflow.jobs.records;

/**
 * Something a customer did that the conversion funnel looks at.
 *
 * @param state the channel, for {@link Kind#ADDED} ({@code ""} when absent)
 * @param userId the employee, for {@link Kind#ADDED}, {@link Kind#DELETED_EMPLOYEE} and {@link Kind#REMOVED_BY_EMPLOYEE}
 */
public record CustomerEvent(String corpId, String customerId, Kind kind, long atMillis, String state, String userId) {

    public enum Kind {
        /** Added an employee ({@code add_external_contact} or {@code add_half_external_contact}). */
        ADDED,
        /** Was in an {@code add_member} change of a group. */
        JOINED_GROUP,
        /** Sent a counted message, in any chat. */
        SENT_MESSAGE,
        /** Checked in in a group. */
        CHECKED_IN,
        /** Deleted or blocked an employee ({@code del_follow_user}). */
        DELETED_EMPLOYEE,
        /** Was deleted by an employee ({@code del_external_contact}). */
        REMOVED_BY_EMPLOYEE
    }
}
