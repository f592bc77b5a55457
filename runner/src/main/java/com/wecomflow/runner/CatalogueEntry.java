package com.wecomflow.runner;

/**
 * One line of a channel catalogue (DESIGN section 5b, {@code channels}): what a contact-way code
 * ({@code State}) is, so results roll up by name, kind, campaign, region and store. Written with
 * {@link com.wecomflow.parse.Json#ROWS}, whose snake_case names are the catalogue's field names.
 */
record CatalogueEntry(
        String corpId, String state, String name, String kind, String campaign, String region, String store,
        String inviter, int target) {

    static final String CHANNEL = "channel";
    static final String STORE = "store";
    static final String FISSION = "fission";

    /** A placement's code (渠道活码): a live stream, a note, an ad. */
    static CatalogueEntry channel(String corpId, String state, String name) {
        return new CatalogueEntry(corpId, state, name, CHANNEL, "", "", "", "", 0);
    }

    /** A store's code (区域活码), routing customers to that store's staff. */
    static CatalogueEntry store(String corpId, String state, String name, String region, String store) {
        return new CatalogueEntry(corpId, state, name, STORE, "", region, store, "", 0);
    }

    /** A fission participant's personal poster code: the customers who add through it are the inviter's invites. */
    static CatalogueEntry fissionPoster(String corpId, String state, String name, String campaign, String inviter, int target) {
        return new CatalogueEntry(corpId, state, name, FISSION, campaign, "", "", inviter, target);
    }
}
