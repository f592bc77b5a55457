package com.wecomflow.jobs.records;

/** One sender in one group during one flood window ({@code builtin.flood}): the key of its message count. */
public record FloodWindow(String corpId, String chatId, String sender, long windowStartMillis) {}
