package com.wecomflow.jobs.records;

/** A one-to-one chat: an employee and a customer of a tenant. */
public record Chat(String corpId, String employee, String customer) {}
