package io.inkflow.stack.bench;

import static java.time.temporal.ChronoUnit.MILLIS;
import static java.time.temporal.ChronoUnit.SECONDS;

import io.inkflow.gateway.GatewayConfig;
import io.inkflow.schemas.config.Env;
import io.inkflow.simulator.mqtt.MqttClient;
import io.inkflow.stack.chaos.ServiceEnv;
import io.inkflow.streams.StreamsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the whole-chain benchmark runs, from {@code BENCH_CHAIN_*} environment variables, each of which a
 * command-line option overrides ({@code --rates 1000,2000} sets {@code BENCH_CHAIN_RATES}).
 *
 * @param rates         offered reports per second, one step each, in order
 * @param stepDuration  how long the fleet publishes at each rate
 * @param warmup        an unmeasured step at the first rate before the measured ones (JIT, connections, caches);
 *                      0 for none. Two minutes by default: with 30 s, five JVMs still compiling on two cores made
 *                      the first 40 s of the measured step three to four times slower at the tail than the last 10
 *                      (docs/benchmarks.md, 2026-12-02)
 * @param printers      printers publishing (the offered rate is spread over them); by default 200, or as many as the
 *                      highest rate needs for no printer to send more than the gateway's per-connection limit (50 a
 *                      second: 400 for 20,000/s). Fewer than that is refused: above it the gateway pauses reading
 *                      the printers, and until 2026-12-04 every step above 10,000/s with 200 printers measured that
 * @param orderEvery    one report in this many takes a cartridge to its threshold and makes an order
 * @param partitions    partitions of every topic
 * @param settleTimeout after each step, the longest wait for the lag to reach 0 and every order to be stored
 * @param streamsCommitInterval the streams application's {@code STREAMS_COMMIT_INTERVAL_MS}: with exactly_once_v2
 *                      an order is visible to the dispatcher only once the transaction that wrote it commits, so
 *                      this bounds a share of the report-to-order latency
 * @param streamsThreads the streams application's stream threads ({@code STREAMS_NUM_THREADS}; its own default, 1)
 * @param autovacuumDelay PostgreSQL's {@code autovacuum_vacuum_cost_delay}: how long an autovacuum worker sleeps each
 *                      time it has done its cost limit's worth of work (PostgreSQL 17's default, 2 ms). Longer spreads
 *                      the once-a-minute sweep of the dispatcher's tables over more time, taking less of a core at
 *                      once. Added to test whether the sweep set off the streams bursts near the machine's limit;
 *                      20 ms did not help in the one run that tried it (docs/benchmarks.md, 2026-12-04 18:25)
 * @param gatewayLinger the gateway's {@code GATEWAY_KAFKA_LINGER_MS}; empty for the gateway's own default. Every
 *                      PUBACK waits for it, and the shorter it is, the more produce requests the broker serves
 * @param runDir        broker and PostgreSQL data, service logs
 * @param profile       each service process records a Java Flight Recorder profile into the run directory's
 *                      {@code logs/}, written when it stops
 * @param client        the fleet's MQTT client: {@code NETTY} by default, whose printers share one event loop; Paho's
 *                      three threads per printer took about half a core at 1,000 reports/s on this machine, which the
 *                      chain then lacked (docs/benchmarks.md, 2026-12-02 15:27)
 */
record ChainOptions(List<Integer> rates, Duration stepDuration, Duration warmup, int printers, int orderEvery, int partitions,
                    Duration settleTimeout, Duration streamsCommitInterval, int streamsThreads, Duration autovacuumDelay,
                    Optional<Duration> gatewayLinger, Path runDir, boolean profile, MqttClient client) {
    private static final String PREFIX = "BENCH_CHAIN_";
    /** The printers of every run until 2026-12-04, and still the fleet wherever they can offer the highest rate. */
    private static final int DEFAULT_PRINTERS = 200;
    /** PostgreSQL 17's own {@code autovacuum_vacuum_cost_delay}. */
    private static final long DEFAULT_AUTOVACUUM_DELAY_MILLIS = 2;
    private static final Set<String> NAMES = Set.of("RATES", "SECONDS", "WARMUP_SECONDS", "PRINTERS", "ORDER_EVERY", "PARTITIONS",
            "SETTLE_SECONDS", "COMMIT_MS", "STREAM_THREADS", "AUTOVACUUM_DELAY_MS", "LINGER_MS", "RUN_DIR", "PROFILE",
            "CLIENT");

    ChainOptions {
        rates = List.copyOf(rates);
        require(!rates.isEmpty() && rates.stream().allMatch(r -> r > 0), "BENCH_CHAIN_RATES must list positive rates");
        require(stepDuration.toSeconds() >= 5, "BENCH_CHAIN_SECONDS must be at least 5");
        require(warmup.isZero() || warmup.toSeconds() >= 5, "BENCH_CHAIN_WARMUP_SECONDS must be 0 or at least 5");
        require(printers >= 1, "BENCH_CHAIN_PRINTERS must be at least 1");
        int highest = Collections.max(rates);
        require((long) printers * ServiceEnv.GATEWAY_RATE_LIMIT_PER_SECOND >= highest, "BENCH_CHAIN_RATES up to "
                + highest + " reports/s over " + printers + " printers is more than the gateway lets one printer send ("
                + ServiceEnv.GATEWAY_RATE_LIMIT_PER_SECOND + " a second, GATEWAY_RATE_LIMIT_PER_SECOND): it would pause"
                + " their connections and the step would measure that limit, not the chain; set BENCH_CHAIN_PRINTERS to"
                + " at least " + printersFor(highest));
        require(orderEvery >= 2, "BENCH_CHAIN_ORDER_EVERY must be at least 2");
        require(partitions >= 1, "BENCH_CHAIN_PARTITIONS must be at least 1");
        require(settleTimeout.toSeconds() >= 10, "BENCH_CHAIN_SETTLE_SECONDS must be at least 10");
        require(streamsCommitInterval.toMillis() >= 1, "BENCH_CHAIN_COMMIT_MS must be at least 1");
        require(streamsThreads >= 1, "BENCH_CHAIN_STREAM_THREADS must be at least 1");
        // PostgreSQL's own bounds for autovacuum_vacuum_cost_delay (-1, "use vacuum_cost_delay", is not offered)
        require(!autovacuumDelay.isNegative() && autovacuumDelay.toMillis() <= 100,
                "BENCH_CHAIN_AUTOVACUUM_DELAY_MS must be from 0 to 100");
        gatewayLinger.ifPresent(ChainOptions::requireGatewayAccepts);
    }

    static ChainOptions from(Map<String, String> env, String... args) {
        Map<String, String> variables = new HashMap<>(env);
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("Options come in pairs (--rates 1000,2000), got " + Arrays.toString(args));
        }
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Not an option: " + args[i]);
            }
            String name = args[i].substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("Unknown option " + args[i]);
            }
            variables.put(PREFIX + name, args[i + 1]);
        }
        Env vars = new Env(variables);
        List<Integer> rates = Arrays.stream(vars.string(PREFIX + "RATES", "1000,2000,5000,10000,20000").split(","))
                .map(String::strip).map(Integer::valueOf).toList();
        return new ChainOptions(
                rates,
                vars.duration(PREFIX + "SECONDS", SECONDS, 60),
                vars.duration(PREFIX + "WARMUP_SECONDS", SECONDS, 120),
                vars.integer(PREFIX + "PRINTERS", Math.max(DEFAULT_PRINTERS, printersFor(Collections.max(rates)))),
                vars.integer(PREFIX + "ORDER_EVERY", 10),
                vars.integer(PREFIX + "PARTITIONS", 6),
                vars.duration(PREFIX + "SETTLE_SECONDS", SECONDS, 120),
                // the streams application's own default, not the chaos run's 200 ms
                vars.duration(PREFIX + "COMMIT_MS", MILLIS,
                        Long.parseLong(StreamsConfig.DEFAULTS.get("STREAMS_COMMIT_INTERVAL_MS"))),
                vars.integer(PREFIX + "STREAM_THREADS",
                        Integer.parseInt(StreamsConfig.DEFAULTS.get("STREAMS_NUM_THREADS"))),
                vars.duration(PREFIX + "AUTOVACUUM_DELAY_MS", MILLIS, DEFAULT_AUTOVACUUM_DELAY_MILLIS),
                variables.containsKey(PREFIX + "LINGER_MS")
                        ? Optional.of(vars.duration(PREFIX + "LINGER_MS", MILLIS)) : Optional.empty(),
                vars.path(PREFIX + "RUN_DIR", Path.of(".inkflow/bench/chain")),
                vars.bool(PREFIX + "PROFILE", false),
                vars.choice(PREFIX + "CLIENT", MqttClient.class, MqttClient.NETTY));
    }

    /** The gateway's own bounds, checked here so a bad value fails before a broker and three services start. */
    private static void requireGatewayAccepts(Duration linger) {
        try {
            GatewayConfig.fromEnv(Map.of("GATEWAY_KAFKA_LINGER_MS", String.valueOf(linger.toMillis())));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("BENCH_CHAIN_LINGER_MS: " + e.getMessage(), e);
        }
    }

    /** The fewest printers that can offer {@code rate} within the gateway's per-connection limit. */
    private static int printersFor(int rate) {
        return Math.ceilDiv(rate, ServiceEnv.GATEWAY_RATE_LIMIT_PER_SECOND);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
