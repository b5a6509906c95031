package io.inkflow.dispatcher.dashboard;

import com.zaxxer.hikari.metrics.PoolStats;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Prometheus names a service's code exports: every meter its main sources register (found in the
 * source, then registered with the same type and distribution options in a real
 * {@link PrometheusMeterRegistry}, so the names are Micrometer's own rendering: {@code _total},
 * {@code _seconds_count} ...) plus the names of the Micrometer binders the sources bind.
 */
final class RegisteredMetrics {
    private enum Kind { COUNTER, TIMER, LONG_TASK_TIMER, GAUGE, SUMMARY }

    private static final Map<Pattern, Kind> REGISTRATIONS = Map.of(
            Pattern.compile("\\b(?:Function)?Counter\\.builder\\(\\s*\"([^\"]+)\""), Kind.COUNTER,
            Pattern.compile("\\b(?:Function)?Timer\\.builder\\(\\s*\"([^\"]+)\""), Kind.TIMER,
            Pattern.compile("\\bLongTaskTimer\\.builder\\(\\s*\"([^\"]+)\""), Kind.LONG_TASK_TIMER,
            Pattern.compile("\\b(?:Time|Multi)?Gauge\\.builder\\(\\s*\"([^\"]+)\""), Kind.GAUGE,
            Pattern.compile("\\bDistributionSummary\\.builder\\(\\s*\"([^\"]+)\""), Kind.SUMMARY,
            Pattern.compile("\\.counter\\(\\s*\"([^\"]+)\""), Kind.COUNTER,
            Pattern.compile("\\.timer\\(\\s*\"([^\"]+)\""), Kind.TIMER,
            Pattern.compile("\\.(?:gauge|gaugeCollectionSize|gaugeMapSize)\\(\\s*\"([^\"]+)\""), Kind.GAUGE,
            Pattern.compile("\\.summary\\(\\s*\"([^\"]+)\""), Kind.SUMMARY);

    /** Binders whose names can be produced here; Kafka client and Streams binders need live clients. */
    private static final Map<String, Supplier<MeterBinder>> BINDERS = Map.of(
            "JvmMemoryMetrics", JvmMemoryMetrics::new,
            "JvmGcMetrics", JvmGcMetrics::new,
            "JvmThreadMetrics", JvmThreadMetrics::new,
            "ClassLoaderMetrics", ClassLoaderMetrics::new,
            "ProcessorMetrics", ProcessorMetrics::new,
            "UptimeMetrics", UptimeMetrics::new,
            "FileDescriptorMetrics", FileDescriptorMetrics::new,
            "MicrometerMetricsTrackerFactory", () -> registry ->
                    new MicrometerMetricsTrackerFactory(registry).create("pool", new PoolStats(0) {
                        @Override
                        protected void update() {
                        }
                    }));

    private RegisteredMetrics() {
    }

    /** The exported names of everything registered or bound under {@code sourceRoot}. */
    static Set<String> exportedBy(Path sourceRoot) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                registerMeters(source, registry);
                BINDERS.forEach((binder, factory) -> {
                    if (Pattern.compile("\\b" + binder + "\\b").matcher(source).find()) {
                        factory.get().bindTo(registry);
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + sourceRoot, e);
        }
        Set<String> names = new TreeSet<>();
        for (String line : registry.scrape().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        registry.close();
        return names;
    }

    private static void registerMeters(String source, PrometheusMeterRegistry registry) {
        REGISTRATIONS.forEach((pattern, kind) -> {
            Matcher m = pattern.matcher(source);
            while (m.find()) {
                String name = m.group(1);
                String chain = chain(source, m.end());
                switch (kind) {
                    case COUNTER -> Counter.builder(name).register(registry);
                    case GAUGE -> Gauge.builder(name, () -> 0).register(registry);
                    case LONG_TASK_TIMER -> LongTaskTimer.builder(name).register(registry);
                    case TIMER -> {
                        Timer.Builder timer = Timer.builder(name);
                        if (chain.contains("publishPercentiles(")) {
                            timer.publishPercentiles(0.5);
                        }
                        if (chain.contains("publishPercentileHistogram(")) {
                            timer.publishPercentileHistogram();
                        }
                        timer.register(registry);
                    }
                    case SUMMARY -> {
                        DistributionSummary.Builder summary = DistributionSummary.builder(name);
                        if (chain.contains("publishPercentiles(")) {
                            summary.publishPercentiles(0.5);
                        }
                        if (chain.contains("publishPercentileHistogram(")) {
                            summary.publishPercentileHistogram();
                        }
                        summary.register(registry);
                    }
                }
            }
        });
    }

    /** The builder chain after a meter name, up to its register call (or the statement's end). */
    private static String chain(String source, int from) {
        int register = source.indexOf(".register(", from);
        int statement = source.indexOf(';', from);
        int end = register >= 0 && (statement < 0 || register < statement) ? register : statement;
        return end < 0 ? source.substring(from) : source.substring(from, end);
    }
}
