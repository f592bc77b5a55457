package com.wecomflow.jobs.records;

import com.wecomflow.kafka.RecordKeys;

/**
 * What one record of the channel catalogue says about an entry: its content (a catalogue line,
 * validated, absent fields at their defaults), or that the entry is deleted (a tombstone).
 *
 * @param deleted true for a tombstone: only the key is known, every other field is at its default
 */
public record ChannelUpdate(
        String corpId,
        String state,
        String name,
        String kind,
        String campaign,
        String region,
        String store,
        String inviter,
        long target,
        boolean deleted) {

    /** The deletion of the entry a tombstone's key names. */
    public static ChannelUpdate deletion(RecordKeys.ChannelKey key) {
        return new ChannelUpdate(key.corpId(), key.state(), "", "", "", "", "", "", 0, true);
    }

    /** The entry's row with this content, not deleted. */
    public Channel row(long version) {
        return new Channel(corpId, state, name, kind, campaign, region, store, inviter, target, version, 0);
    }
}
