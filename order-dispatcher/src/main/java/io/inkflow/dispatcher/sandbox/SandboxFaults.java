package io.inkflow.dispatcher.sandbox;

import io.inkflow.dispatcher.payment.ProviderUnavailableException;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Latency and injected faults of one sandbox: it behaves like a remote system that is slow, times out, or
 * takes the request and loses the answer.
 *
 * @param latency     how long every call takes
 * @param callTimeout the caller's timeout; a latency beyond it is itself a timeout
 * @param fault       the fault injected on {@code rate} of the calls
 * @param rate        share of calls (0..1) that get the fault
 */
public record SandboxFaults(Duration latency, Duration callTimeout, Fault fault, double rate, RandomGenerator random) {
    public SandboxFaults {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(random, "random");
    }

    /** No latency, no faults. */
    public static SandboxFaults none() {
        return new SandboxFaults(Duration.ZERO, Duration.ofSeconds(2), Fault.NONE, 0, RandomGenerator.getDefault());
    }

    /** The fault of this call: NONE most of the time, the configured fault on {@code rate} of the calls. */
    Fault next() {
        if (fault == Fault.NONE || rate <= 0) {
            return Fault.NONE;
        }
        return rate >= 1 || random.nextDouble() < rate ? fault : Fault.NONE;
    }

    /** Waits the configured latency; a latency beyond the call timeout is itself a timeout. */
    void await() throws ProviderUnavailableException {
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
    ProviderUnavailableException timeout() {
        return new ProviderUnavailableException("sandbox call timed out (injected)");
    }

    ProviderUnavailableException lostResponse() {
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
