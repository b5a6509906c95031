package io.inkflow.dispatcher.payment;

import io.inkflow.dispatcher.DispatcherConfig.Fault;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Latency and injected faults shared by the sandbox adapters: they behave like a remote system that is
 * slow, times out, or takes the request and loses the answer.
 */
public final class SandboxFaults {
    private final Duration latency;
    private final Duration callTimeout;
    private final Fault fault;
    private final double rate;
    private final RandomGenerator random;

    public SandboxFaults(Duration latency, Duration callTimeout, Fault fault, double rate, RandomGenerator random) {
        this.latency = latency;
        this.callTimeout = callTimeout;
        this.fault = fault;
        this.rate = rate;
        this.random = random;
    }

    /** The fault of this call: NONE most of the time, the configured fault on {@code rate} of the calls. */
    public Fault next() {
        if (fault == Fault.NONE || rate <= 0) {
            return Fault.NONE;
        }
        return rate >= 1 || random.nextDouble() < rate ? fault : Fault.NONE;
    }

    /** Waits the configured latency; a latency beyond the call timeout is itself a timeout. */
    public void await() throws ProviderUnavailableException {
        if (latency.isZero()) {
            return;
        }
        boolean timesOut = latency.compareTo(callTimeout) > 0;
        sleep(timesOut ? callTimeout : latency);
        if (timesOut) {
            throw new ProviderUnavailableException("sandbox call timed out after " + callTimeout.toMillis() + " ms");
        }
    }

    /** A timeout fault: the caller waits its timeout and learns nothing. */
    public ProviderUnavailableException timeout() {
        return new ProviderUnavailableException("sandbox call timed out (injected)");
    }

    public ProviderUnavailableException lostResponse() {
        return new ProviderUnavailableException("sandbox response lost (injected)");
    }

    private static void sleep(Duration duration) throws ProviderUnavailableException {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException("interrupted while waiting for the sandbox", e);
        }
    }
}
