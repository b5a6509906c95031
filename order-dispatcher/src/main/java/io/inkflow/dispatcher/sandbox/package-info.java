/**
 * The bundled sandbox payment provider, carrier and Amazon channel: the default adapters of the local
 * stack and the tests. They behave like remote systems (their own ledgers, their own commits, latency and
 * injected faults through one {@link io.inkflow.dispatcher.sandbox.SandboxLedger}) and know nothing of the
 * dispatcher's configuration.
 */
package io.inkflow.dispatcher.sandbox;
