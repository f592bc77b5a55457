package com.wecomflow.jobs.records;

/**
 * A row of {@code channels}, the channel catalogue (DESIGN section 5b): what a contact-way code
 * ({@code State}) is, so results roll up by name, kind, campaign, region and store.
 *
 * @param kind free text: {@code channel}, {@code store}, {@code fission}, ...
 * @param inviter for a fission poster's code, the external_userid of the participant who owns it; else ""
 * @param target valid invites that earn the participant's reward; 0 when none
 * @param isDeleted 1 once the entry is deleted from the catalogue: the row is written once more
 *     with its last content and hidden by {@code FINAL} ({@code ReplacingMergeTree(version, is_deleted)})
 */
public record Channel(
        String corpId,
        String state,
        String name,
        String kind,
        String campaign,
        String region,
        String store,
        String inviter,
        long target,
        long version,
        int isDeleted) {

    /** This row's content, deleted, at a new version. */
    public Channel deleted(long newVersion) {
        return new Channel(corpId, state, name, kind, campaign, region, store, inviter, target, newVersion, 1);
    }

    /** The same content at another version. */
    public Channel withVersion(long newVersion) {
        return new Channel(corpId, state, name, kind, campaign, region, store, inviter, target, newVersion, isDeleted);
    }
}
