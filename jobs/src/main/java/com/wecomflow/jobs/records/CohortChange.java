package com.wecomflow.jobs.records;

/**
 * A change to one cohort's counts caused by one customer: +1 when the customer joins the cohort
 * or reaches a stage, -1 when an earlier add moves the customer to another cohort or a stage no
 * longer falls within the window.
 */
public record CohortChange(
        Cohort cohort, int newCustomers, int joinedGroup, int engaged, int checkedIn, int lost) {}
