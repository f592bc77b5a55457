package com.wecomflow.records;

import java.util.List;

/**
 * A decrypted WeCom callback event (DESIGN section 3), reduced to the fields the jobs use. Field
 * names follow WeCom's XML elements.
 *
 * @param identity a digest of the whole record: two records are the same event exactly when
 *     every field is equal, so WeCom's retries share an identity while different events in the
 *     same second do not
 * @param corpId {@code ToUserName}
 * @param event {@code Event}
 * @param changeType {@code ChangeType}
 * @param createTimeSeconds {@code CreateTime}, Unix seconds
 * @param userId {@code UserID}, the employee
 * @param externalUserId {@code ExternalUserID}, the customer
 * @param state {@code State}, the contact-way channel, or null
 * @param chatId {@code ChatId}
 * @param updateDetail {@code UpdateDetail}
 * @param memChangeList {@code MemChangeList}, member ids of a membership change (empty when absent)
 */
public record CallbackEvent(
        String identity,
        String corpId,
        String event,
        String changeType,
        long createTimeSeconds,
        String userId,
        String externalUserId,
        String state,
        String chatId,
        String updateDetail,
        List<String> memChangeList) {

    public static final String CHANGE_EXTERNAL_CONTACT = "change_external_contact";
    public static final String CHANGE_EXTERNAL_CHAT = "change_external_chat";

    public long createTimeMillis() {
        return createTimeSeconds * 1000L;
    }

    public boolean isExternalChatUpdate(String detail) {
        return CHANGE_EXTERNAL_CHAT.equals(event) && "update".equals(changeType) && detail.equals(updateDetail);
    }

    /** Members joined a customer group ({@code update / add_member}). */
    public boolean isMembersAdded() {
        return isExternalChatUpdate("add_member");
    }

    /** Members left or were removed from a customer group ({@code update / del_member}). */
    public boolean isMembersRemoved() {
        return isExternalChatUpdate("del_member");
    }

    /** A customer added an employee, fully or half ({@code add_external_contact}, {@code add_half_external_contact}). */
    public boolean isContactAdded() {
        return CHANGE_EXTERNAL_CONTACT.equals(event)
                && ("add_external_contact".equals(changeType) || "add_half_external_contact".equals(changeType));
    }

    /** The customer deleted or blocked the employee ({@code del_follow_user}). */
    public boolean isCustomerChurn() {
        return CHANGE_EXTERNAL_CONTACT.equals(event) && "del_follow_user".equals(changeType);
    }

    /** The employee deleted the customer ({@code del_external_contact}). */
    public boolean isContactRemoved() {
        return CHANGE_EXTERNAL_CONTACT.equals(event) && "del_external_contact".equals(changeType);
    }
}
