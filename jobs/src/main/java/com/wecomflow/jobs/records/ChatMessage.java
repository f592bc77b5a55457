package com.wecomflow.jobs.records;

/**
 * A counted message of a one-to-one chat between an employee and a customer (DESIGN section 5a),
 * in either direction. A message to several receivers is one of these per chat.
 *
 * @param fromCustomer whether the customer sent it (else the employee did)
 * @param msgTimeMillis {@code msgtime}, Unix milliseconds
 */
public record ChatMessage(
        String corpId, String employee, String customer, boolean fromCustomer, String msgId, long msgTimeMillis) {}
