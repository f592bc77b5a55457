package com.wecomflow.jobs.records;

import java.time.LocalDate;

/** The key of {@code employee_daily_behavior}: an employee on a business day. */
public record EmployeeDay(String corpId, String userid, LocalDate statDate) {}
