package io.inkflow.schemas;

/** Whether a device credential may still connect. */
public enum CredentialStatus {
    ACTIVE, REVOKED
}
