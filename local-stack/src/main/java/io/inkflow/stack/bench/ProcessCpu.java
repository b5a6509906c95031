package io.inkflow.stack.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Where the cores go while the chain runs: the CPU time of each of its processes (with their children, so that
 * PostgreSQL's backends count to the postmaster), of the benchmark's own JVM (the load generator and its
 * readers; its children, the services, are not counted to it), and of the whole machine from {@code /proc/stat},
 * with the time the hypervisor gave to others (steal). Two samples taken while the fleet publishes say how many
 * cores each process used, and what one report cost it.
 */
final class ProcessCpu {
    static final String HARNESS = "harness";
    private static final Path PROC_STAT = Path.of("/proc/stat");

    /** CPU time used so far by each process, and the machine's tick counters, at {@code epochMillis}. */
    record Sample(long epochMillis, Map<String, Duration> byProcess, MachineTicks machine) {
    }

    /** The first line of {@code /proc/stat}: ticks of all cores together, busy, idle (with I/O wait) and stolen. */
    record MachineTicks(long busy, long idle, long steal) {
        /** {@code cpu user nice system idle iowait irq softirq steal guest guest_nice}; guest time is in user. */
        static MachineTicks parse(String procStat) {
            String first = procStat.lines().findFirst().orElse("");
            String[] f = first.trim().split("\\s+");
            if (f.length < 9 || !f[0].equals("cpu")) {
                throw new IllegalArgumentException("Not the summary line of /proc/stat: '" + first + "'");
            }
            long user = Long.parseLong(f[1]);
            long nice = Long.parseLong(f[2]);
            long system = Long.parseLong(f[3]);
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            long interrupts = Long.parseLong(f[6]) + Long.parseLong(f[7]);
            return new MachineTicks(user + nice + system + interrupts, idle, Long.parseLong(f[8]));
        }

        static MachineTicks now() {
            try {
                return parse(Files.readString(PROC_STAT));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + PROC_STAT, e);
            }
        }

        long total() {
            return busy + idle + steal;
        }
    }

    /**
     * What the processes used between two samples.
     *
     * @param cores        per process: CPU seconds per second (1.0 = one core busy all along)
     * @param machineBusy  cores the whole machine kept busy, whoever used them
     * @param machineSteal cores' worth of time the hypervisor gave to other machines
     */
    record Usage(double seconds, Map<String, Double> cores, double machineBusy, double machineSteal) {
        static Optional<Usage> between(Sample from, Sample to, int machineCores) {
            double seconds = (to.epochMillis() - from.epochMillis()) / 1000.0;
            long ticks = to.machine().total() - from.machine().total();
            if (seconds <= 0 || ticks <= 0) {
                return Optional.empty();
            }
            Map<String, Double> cores = new LinkedHashMap<>();
            to.byProcess().forEach((name, cpu) -> {
                Duration before = from.byProcess().get(name);
                if (before != null) {
                    cores.put(name, cpu.minus(before).toNanos() / 1e9 / seconds);
                }
            });
            double busy = (double) (to.machine().busy() - from.machine().busy()) / ticks * machineCores;
            double steal = (double) (to.machine().steal() - from.machine().steal()) / ticks * machineCores;
            return Optional.of(new Usage(seconds, cores, busy, steal));
        }

        /** The cores of the named processes together. */
        double named() {
            return cores.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** Of the samples taken while the fleet published, the usage from the first to the last. */
        static Optional<Usage> within(List<Sample> samples, long fromMillis, long toMillis, int machineCores) {
            List<Sample> inside = samples.stream()
                    .filter(s -> s.epochMillis() >= fromMillis && s.epochMillis() <= toMillis).toList();
            return inside.size() < 2 ? Optional.empty()
                    : between(inside.getFirst(), inside.getLast(), machineCores);
        }
    }

    private final Supplier<Map<String, Long>> pids;

    /** @param pids the process ids to follow by name, asked again at each sample (a restarted process has a new one) */
    ProcessCpu(Supplier<Map<String, Long>> pids) {
        this.pids = pids;
    }

    /**
     * Each followed process that is alive, by name, with its descendants, first the process itself. One walk of
     * {@code /proc} a second, shared by this sample and {@link RunQueueWait}'s.
     */
    Map<String, List<ProcessHandle>> trees() {
        Map<String, List<ProcessHandle>> trees = new LinkedHashMap<>();
        pids.get().forEach((name, pid) -> ProcessHandle.of(pid).ifPresent(p ->
                trees.put(name, Stream.concat(Stream.of(p), p.descendants()).toList())));
        return trees;
    }

    Sample sample() {
        return sample(trees());
    }

    /** The CPU time of each process of {@code trees} with its descendants, and of the benchmark's own JVM. */
    static Sample sample(Map<String, List<ProcessHandle>> trees) {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        trees.forEach((name, tree) -> cpu.put(name, tree.stream().map(ProcessCpu::used)
                .reduce(Duration.ZERO, Duration::plus)));
        cpu.put(HARNESS, used(ProcessHandle.current()));
        return new Sample(System.currentTimeMillis(), cpu, MachineTicks.now());
    }

    /** Zero for a process that ended meanwhile or whose time the kernel does not show. */
    private static Duration used(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }
}
