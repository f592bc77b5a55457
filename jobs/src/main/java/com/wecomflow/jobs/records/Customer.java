package com.wecomflow.jobs.records;

/** A customer of a tenant: the key of attribution. */
public record Customer(String corpId, String customerId) {}
