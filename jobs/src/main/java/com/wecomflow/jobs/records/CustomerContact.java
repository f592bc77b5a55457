package com.wecomflow.jobs.records;

/**
 * Something between an employee and one customer, the unit {@code employee_daily_behavior} is
 * built from: a contact change, or a counted one-to-one message in either direction.
 *
 * @param countsAsMessage for {@link Kind#EMPLOYEE_MESSAGE}: whether this is the first customer of
 *     its message, so that a message to several customers counts once in {@code message_cnt}
 */
public record CustomerContact(
        String corpId,
        String userid,
        String customerId,
        Kind kind,
        long eventTimeMillis,
        boolean countsAsMessage) {

    public enum Kind {
        /** The customer added the employee ({@code add_external_contact} or {@code add_half_external_contact}). */
        ADDED,
        /** The customer deleted or blocked the employee ({@code del_follow_user}). */
        CHURNED,
        /** The employee sent the customer a counted one-to-one message. */
        EMPLOYEE_MESSAGE,
        /** The customer sent the employee a counted one-to-one message. */
        CUSTOMER_MESSAGE
    }
}
