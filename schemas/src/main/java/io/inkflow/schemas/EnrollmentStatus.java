package io.inkflow.schemas;

/** Lifecycle of one enrollment. Only ACTIVE enrollments produce orders. */
public enum EnrollmentStatus {
    /** Enrolled; low supplies are ordered. */
    ACTIVE,
    /** The customer cancelled the plan; orders already created still ship. */
    CANCELLED,
    /** The printer was sold or returned; a new owner may enroll it again. */
    DEACTIVATED
}
