package com.wecomflow.jobs.compliance;

import com.wecomflow.text.TextNormalizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An Aho-Corasick automaton over code points that finds every keyword in one pass over a text,
 * whatever the number of keywords. Separator code points ({@link TextNormalizer#isSeparator}) in
 * the text are skipped, so a keyword also matches with whitespace, punctuation, symbols or emoji
 * between its characters: {@code 加微信} matches {@code 加 微 信} and {@code 加.微.信}. Keywords are
 * given already normalised and without separators; texts are given normalised.
 *
 * <p>Layout is chosen for speed on chat text: the root's transitions are a direct table for the
 * Basic Multilingual Plane (most characters of a text lead nowhere but back to the root), every
 * other node's transitions are a sorted slice of one shared array, searched by bisection.
 */
public final class KeywordAutomaton {

    /** Receives each match: which keyword, and where it starts and ends (exclusive) in the text. */
    @FunctionalInterface
    public interface MatchListener {
        void onMatch(int keyword, int start, int end);
    }

    private static final int ROOT = 0;
    private static final int NONE = -1;

    private final int[] rootTable = new int[0x10000];
    private final Map<Integer, Integer> rootSupplementary = new HashMap<>();
    private final int[] childStart;
    private final int[] childCount;
    private final int[] childKeys;
    private final int[] childTargets;
    private final int[] fail;
    private final int[] keywordAt;
    private final int[] keywordLength;
    private final int[] outputLink;
    private final int longestKeyword;

    /** @param keywords normalised, separator-free, non-empty; the index in this list identifies a keyword */
    public KeywordAutomaton(List<String> keywords) {
        List<Map<Integer, Integer>> children = new ArrayList<>();
        List<Integer> keywordOfNode = new ArrayList<>();
        List<Integer> depth = new ArrayList<>();
        children.add(new HashMap<>());
        keywordOfNode.add(NONE);
        depth.add(0);
        int longest = 0;
        for (int k = 0; k < keywords.size(); k++) {
            int node = ROOT;
            int[] codePoints = keywords.get(k).codePoints().toArray();
            if (codePoints.length == 0) {
                throw new IllegalArgumentException("empty keyword");
            }
            for (int codePoint : codePoints) {
                Integer next = children.get(node).get(codePoint);
                if (next == null) {
                    next = children.size();
                    children.get(node).put(codePoint, next);
                    children.add(new HashMap<>());
                    keywordOfNode.add(NONE);
                    depth.add(depth.get(node) + 1);
                }
                node = next;
            }
            if (keywordOfNode.get(node) == NONE) {
                keywordOfNode.set(node, k);
            }
            longest = Math.max(longest, codePoints.length);
        }
        int nodes = children.size();
        longestKeyword = longest;
        childStart = new int[nodes];
        childCount = new int[nodes];
        int edges = children.stream().mapToInt(Map::size).sum();
        childKeys = new int[edges];
        childTargets = new int[edges];
        int offset = 0;
        for (int node = 0; node < nodes; node++) {
            int[] keys = children.get(node).keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
            childStart[node] = offset;
            childCount[node] = keys.length;
            for (int key : keys) {
                childKeys[offset] = key;
                childTargets[offset] = children.get(node).get(key);
                offset++;
            }
        }
        keywordAt = keywordOfNode.stream().mapToInt(Integer::intValue).toArray();
        keywordLength = depth.stream().mapToInt(Integer::intValue).toArray();
        fail = new int[nodes];
        outputLink = new int[nodes];
        Arrays.fill(rootTable, ROOT);
        children.get(ROOT).forEach((codePoint, target) -> {
            if (codePoint < 0x10000) {
                rootTable[codePoint] = target;
            } else {
                rootSupplementary.put(codePoint, target);
            }
        });
        linkFailures();
    }

    /** Breadth-first: a node's failure is the longest proper suffix of its path that is also a path. */
    private void linkFailures() {
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        fail[ROOT] = ROOT;
        outputLink[ROOT] = NONE;
        for (int i = childStart[ROOT]; i < childStart[ROOT] + childCount[ROOT]; i++) {
            int child = childTargets[i];
            fail[child] = ROOT;
            outputLink[child] = NONE;
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            int node = queue.poll();
            for (int i = childStart[node]; i < childStart[node] + childCount[node]; i++) {
                int codePoint = childKeys[i];
                int child = childTargets[i];
                int state = fail[node];
                int next = step(state, codePoint);
                fail[child] = next == child ? ROOT : next;
                outputLink[child] = keywordAt[fail[child]] != NONE ? fail[child] : outputLink[fail[child]];
                queue.add(child);
            }
        }
    }

    private int child(int node, int codePoint) {
        if (node == ROOT) {
            if (codePoint < 0x10000) {
                return rootTable[codePoint];
            }
            return rootSupplementary.getOrDefault(codePoint, ROOT);
        }
        int low = childStart[node];
        int high = low + childCount[node] - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int key = childKeys[middle];
            if (key < codePoint) {
                low = middle + 1;
            } else if (key > codePoint) {
                high = middle - 1;
            } else {
                return childTargets[middle];
            }
        }
        return NONE;
    }

    private int step(int state, int codePoint) {
        while (true) {
            int next = child(state, codePoint);
            if (next != NONE && !(state == ROOT && next == ROOT)) {
                return next;
            }
            if (state == ROOT) {
                return ROOT;
            }
            state = fail[state];
        }
    }

    /** Reports every occurrence of every keyword in a normalised text, separators between its characters allowed. */
    public void scan(String text, MatchListener listener) {
        // Where the last few non-separator code points started, to turn a match length into a start.
        int[] starts = new int[Math.max(1, longestKeyword)];
        long fed = 0;
        int state = ROOT;
        int index = 0;
        int length = text.length();
        while (index < length) {
            int codePoint = text.codePointAt(index);
            int width = Character.charCount(codePoint);
            if (!TextNormalizer.isSeparator(codePoint)) {
                starts[(int) (fed % starts.length)] = index;
                fed++;
                state = step(state, codePoint);
                int output = keywordAt[state] != NONE ? state : outputLink[state];
                while (output != NONE) {
                    int matched = keywordLength[output];
                    int start = starts[(int) ((fed - matched) % starts.length)];
                    listener.onMatch(keywordAt[output], start, index + width);
                    output = outputLink[output];
                }
            }
            index += width;
        }
    }
}
