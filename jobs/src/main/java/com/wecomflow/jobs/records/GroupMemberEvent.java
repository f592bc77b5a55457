package com.wecomflow.jobs.records;

/** Something that happened to one member of one group: what state kept per group member is keyed by. */
public interface GroupMemberEvent {

    String corpId();

    String chatId();

    String memberId();
}
