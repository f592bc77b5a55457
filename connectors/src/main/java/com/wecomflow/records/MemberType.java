package com.wecomflow.records;

/** Who an id belongs to, by WeCom's id prefixes (DESIGN section 3). */
public enum MemberType {
    EMPLOYEE,
    CUSTOMER;

    /** Customers' external ids start with {@code wm} or {@code wo}; every other member id (bots too) is an employee. */
    public static MemberType of(String id) {
        return isCustomer(id) ? CUSTOMER : EMPLOYEE;
    }

    public static boolean isCustomer(String id) {
        return id != null && (id.startsWith("wm") || id.startsWith("wo"));
    }

    /** The value written to result tables: {@code employee} or {@code customer}. */
    public String columnValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
