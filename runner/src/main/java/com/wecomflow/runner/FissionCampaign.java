package com.wecomflow.runner;

import com.wecomflow.runner.TenantGenerator.Arrival;
import com.wecomflow.runner.TenantGenerator.Behaviour;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fission campaign (裂变) over a simulated tenant's planned arrivals. Seed participants, customers
 * who came through an ordinary code, each get a personal poster code; the friends they bring add
 * the participant's employee through it within days. The campaign's first friend, and a few
 * others, take part too and bring friends of their own. Friends are recruited from the tenant's
 * other planned arrivals, so the tenant keeps its size.
 */
final class FissionCampaign {

    static final String CAMPAIGN = "spring-fission";
    /** Friends who stay past the hold that earn a participant the reward. */
    static final int TARGET = 3;
    /** Friends came for the gift: many delete the employee within days, some a week or two later. */
    static final Behaviour FRIEND_BEHAVIOUR = new Behaviour(0.45, 0.55, 0.25, 0.22, 0.12);

    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    /** A participant shares the poster for about a week; friends add from an hour after the participant did. */
    private static final long SHARING_PERIOD = 6 * DAY;
    private static final int CUSTOMERS_PER_SEED = 100;
    /** Friends a participant brings, drawn evenly: many bring none or one, a few bring many. */
    private static final int[] FRIENDS_BROUGHT = {0, 1, 1, 2, 2, 3, 3, 4, 5, 7};
    private static final int FRIENDS_WHO_TAKE_PART_ONE_IN = 8;
    private static final int LAST_GENERATION = 3;

    /** A participant's personal code. */
    record Poster(String state, String inviter) {}

    /** The posters made, in the order participants joined, and how many arrivals became friends invited. */
    record Outcome(List<Poster> posters, int invites) {}

    private record Participant(int arrival, int generation) {}

    private final SplittableRandom random;
    private final long periodEnd;
    /** Seeds join in the first two thirds of the period, so most friends' hold ends within it. */
    private final long seedsUntil;

    FissionCampaign(SplittableRandom random, long periodStart, long periodEnd) {
        this.random = random;
        this.periodEnd = periodEnd;
        this.seedsUntil = periodEnd - Math.max(DAY, (periodEnd - periodStart) / 3);
    }

    /** Turns some arrivals into participants and others into their invites, in place. */
    Outcome run(List<Arrival> arrivals) {
        int[] candidates = shuffledIndices(arrivals.size());
        boolean[] taken = new boolean[arrivals.size()];
        Deque<Participant> participants = new ArrayDeque<>();
        int seeds = arrivals.size() / CUSTOMERS_PER_SEED;
        for (int i = 0; i < candidates.length && participants.size() < seeds; i++) {
            int candidate = candidates[i];
            if (arrivals.get(candidate).addedAt() <= seedsUntil) {
                taken[candidate] = true;
                participants.add(new Participant(candidate, 1));
            }
        }
        List<Poster> posters = new ArrayList<>();
        int nextCandidate = 0;
        int invites = 0;
        while (!participants.isEmpty()) {
            Participant participant = participants.poll();
            Arrival inviter = arrivals.get(participant.arrival());
            Poster poster = new Poster(posterState(inviter.customer()), inviter.customer());
            posters.add(poster);
            int friends = FRIENDS_BROUGHT[random.nextInt(FRIENDS_BROUGHT.length)];
            for (int f = 0; f < friends; f++) {
                while (nextCandidate < candidates.length && taken[candidates[nextCandidate]]) {
                    nextCandidate++;
                }
                long sharingLeft = Math.min(SHARING_PERIOD, periodEnd - inviter.addedAt() - HOUR);
                if (nextCandidate == candidates.length || sharingLeft <= 0) {
                    break;
                }
                int friend = candidates[nextCandidate];
                taken[friend] = true;
                long addedAt = inviter.addedAt() + HOUR + random.nextLong(sharingLeft);
                arrivals.set(friend, new Arrival(arrivals.get(friend).customer(), inviter.employee(), poster.state(),
                        addedAt, FRIEND_BEHAVIOUR));
                // The campaign's first friend always takes part, so every campaign shows a second generation;
                // a friend who came in the period's last day would have no time to share.
                boolean takesPart = invites == 0 || random.nextInt(FRIENDS_WHO_TAKE_PART_ONE_IN) == 0;
                if (takesPart && participant.generation() < LAST_GENERATION && addedAt + DAY <= periodEnd) {
                    participants.add(new Participant(friend, participant.generation() + 1));
                }
                invites++;
            }
        }
        return new Outcome(posters, invites);
    }

    /** The participant's own code: WeCom allows 30 characters of State, the customer id's tail keeps it unique. */
    static String posterState(String inviter) {
        return "spring_fx_" + inviter.substring(Math.max(0, inviter.length() - 10));
    }

    private int[] shuffledIndices(int size) {
        int[] indices = new int[size];
        for (int i = 0; i < size; i++) {
            indices[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = indices[i];
            indices[i] = indices[j];
            indices[j] = swap;
        }
        return indices;
    }
}
