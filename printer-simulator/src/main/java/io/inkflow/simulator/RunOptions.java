package io.inkflow.simulator;

import io.inkflow.simulator.fault.FaultRates;
import io.inkflow.simulator.fleet.FleetOptions;
import io.inkflow.simulator.mqtt.MqttSettings;
import io.inkflow.simulator.oracle.OracleSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link FleetRunner#start} runs a fleet. Build with {@link #builder(MqttSettings)}.
 *
 * @param mqtt                 where and how printers connect
 * @param simStart             simulated date at start (printers' timestamps start here)
 * @param speed                simulated seconds per real second (1440: a day per minute)
 * @param simDuration          stop after this much simulated time (empty: only {@code realDuration})
 * @param realDuration         stop after this much real time (empty: only {@code simDuration}, or never)
 * @param sampleInterval       simulated time between a printer's level checks; it reports when a
 *                             whole percent changed
 * @param heartbeat            simulated time after which a printer reports even without a change
 * @param minReportGap         real minimum between two reports of one printer (bounds the report rate
 *                             at high speeds to printers / gap)
 * @param fleet                usage model knobs (replacement delay, reboots, offline periods)
 * @param faults               fault rates
 * @param connectRate          new connections per real second across the fleet (ramps 10,000 printers
 *                             without a SYN flood; device authentication is deliberately slow)
 * @param maxPendingPerPrinter a printer stops generating reports while this many are unacknowledged
 * @param drainTimeout         at the end, how long to keep resending unacknowledged reports
 * @param tick                 real interval of the fleet's tick
 * @param trace                JSON Lines file receiving every publish (record mode)
 * @param gatewayMaxFutureSkew the gateway's {@code GATEWAY_MAX_FUTURE_SKEW_SECONDS}: positive clock skew
 *                             stays a minute below it, so every skewed report is still accepted
 * @param intruderAddress      local address wrong-credential attempts connect from (the gateway
 *                             throttles failed logins per address); empty: the fleet's own
 * @param clock                real clock
 * @param oracle               the streams settings the oracle mirrors (default: thresholds only)
 */
public record RunOptions(MqttSettings mqtt, Instant simStart, double speed, Optional<Duration> simDuration,
                         Optional<Duration> realDuration, Duration sampleInterval, Duration heartbeat,
                         Duration minReportGap, FleetOptions fleet, FaultRates faults, double connectRate,
                         int maxPendingPerPrinter, Duration drainTimeout, Duration tick, Optional<Path> trace,
                         Duration gatewayMaxFutureSkew, Optional<String> intruderAddress, Clock clock,
                         OracleSettings oracle) {
    public RunOptions {
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(simStart, "simStart");
        Objects.requireNonNull(simDuration, "simDuration");
        Objects.requireNonNull(realDuration, "realDuration");
        Objects.requireNonNull(fleet, "fleet");
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(gatewayMaxFutureSkew, "gatewayMaxFutureSkew");
        Objects.requireNonNull(intruderAddress, "intruderAddress");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(oracle, "oracle");
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive");
        }
        requirePositive("sampleInterval", sampleInterval);
        requirePositive("heartbeat", heartbeat);
        requirePositive("tick", tick);
        Objects.requireNonNull(minReportGap, "minReportGap");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (connectRate <= 0) {
            throw new IllegalArgumentException("connectRate must be positive");
        }
        if (maxPendingPerPrinter < 1) {
            throw new IllegalArgumentException("maxPendingPerPrinter must be at least 1");
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    public static Builder builder(MqttSettings mqtt) {
        return new Builder(mqtt);
    }

    /**
     * The largest positive clock skew a printer may get: a minute below what the gateway accepts, so
     * skewed reports are never rejected as FUTURE_TIMESTAMP (which would make the oracle wrong).
     */
    public java.time.Duration maxPositiveSkew() {
        Duration limit = gatewayMaxFutureSkew.minusMinutes(1);
        Duration wanted = faults.maxSkew();
        return limit.isNegative() ? Duration.ZERO : (wanted.compareTo(limit) < 0 ? wanted : limit);
    }

    /**
     * Defaults: a day per minute, checks every 15 simulated minutes, heartbeat every 6 hours, no
     * faults. Simulated time runs in the past and ends no later than the real present, because the
     * gateway refuses reports stamped in the future; the simulated start defaults to "now minus
     * the simulated span" (the simulated duration, or real duration times speed, or 30 days).
     */
    public static final class Builder {
        private final MqttSettings mqtt;
        private Instant simStart;
        private double speed = 1440;
        private Duration simDuration;
        private Duration realDuration;
        private Duration sampleInterval = Duration.ofMinutes(15);
        private Duration heartbeat = Duration.ofHours(6);
        private Duration minReportGap = Duration.ofSeconds(1);
        private FleetOptions fleet = FleetOptions.defaults();
        private FaultRates faults = FaultRates.none();
        private double connectRate = 200;
        private int maxPendingPerPrinter = 20;
        private Duration drainTimeout = Duration.ofSeconds(30);
        private Duration tick = Duration.ofMillis(100);
        private Path trace;
        private Duration gatewayMaxFutureSkew = Duration.ofSeconds(600);
        private String intruderAddress;
        private boolean intruderAddressSet;
        private Clock clock = Clock.systemUTC();
        private OracleSettings oracle = OracleSettings.thresholdsOnly();

        private Builder(MqttSettings mqtt) {
            this.mqtt = mqtt;
        }

        public Builder simStart(Instant value) {
            simStart = value;
            return this;
        }

        public Builder speed(double value) {
            speed = value;
            return this;
        }

        public Builder simDuration(Duration value) {
            simDuration = value;
            return this;
        }

        public Builder realDuration(Duration value) {
            realDuration = value;
            return this;
        }

        public Builder sampleInterval(Duration value) {
            sampleInterval = value;
            return this;
        }

        public Builder heartbeat(Duration value) {
            heartbeat = value;
            return this;
        }

        public Builder minReportGap(Duration value) {
            minReportGap = value;
            return this;
        }

        public Builder fleet(FleetOptions value) {
            fleet = value;
            return this;
        }

        public Builder faults(FaultRates value) {
            faults = value;
            return this;
        }

        public Builder connectRate(double value) {
            connectRate = value;
            return this;
        }

        public Builder maxPendingPerPrinter(int value) {
            maxPendingPerPrinter = value;
            return this;
        }

        public Builder drainTimeout(Duration value) {
            drainTimeout = value;
            return this;
        }

        public Builder tick(Duration value) {
            tick = value;
            return this;
        }

        public Builder trace(Path value) {
            trace = value;
            return this;
        }

        public Builder gatewayMaxFutureSkew(Duration value) {
            gatewayMaxFutureSkew = value;
            return this;
        }

        /** Null: wrong-credential attempts use the fleet's own address. */
        public Builder intruderAddress(String value) {
            intruderAddress = value;
            intruderAddressSet = true;
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        public Builder oracle(OracleSettings value) {
            oracle = value;
            return this;
        }

        public RunOptions build() {
            Instant start = simStart != null ? simStart : clock.instant().minus(span());
            String intruder = intruderAddressSet ? intruderAddress : defaultIntruderAddress();
            return new RunOptions(mqtt, start, speed, Optional.ofNullable(simDuration), Optional.ofNullable(realDuration),
                    sampleInterval, heartbeat, minReportGap, fleet, faults, connectRate, maxPendingPerPrinter,
                    drainTimeout, tick, Optional.ofNullable(trace), gatewayMaxFutureSkew, Optional.ofNullable(intruder),
                    clock, oracle);
        }

        private Duration span() {
            if (simDuration != null) {
                return simDuration;
            }
            if (realDuration != null) {
                return Duration.ofMillis((long) (realDuration.toMillis() * speed));
            }
            return Duration.ofDays(30);
        }

        /** On a loopback gateway over plain TCP, 127.0.0.2 (all of 127/8 is loopback on Linux). */
        private String defaultIntruderAddress() {
            String host = mqtt.host();
            boolean loopback = host != null && (host.equals("localhost") || host.startsWith("127."));
            return loopback && !mqtt.tls() ? "127.0.0.2" : null;
        }
    }
}
