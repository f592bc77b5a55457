package com.wecomflow.jobs.functions;

import com.wecomflow.jobs.records.Cohort;
import com.wecomflow.jobs.records.CohortChange;
import org.apache.flink.api.java.functions.KeySelector;

/** Keys a cohort change by its cohort. */
public final class CohortOf implements KeySelector<CohortChange, Cohort> {

    private static final long serialVersionUID = 1L;

    @Override
    public Cohort getKey(CohortChange change) {
        return change.cohort();
    }
}
