package io.inkflow.gateway.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.ObjectName;

/**
 * The live objects of this JVM by class, from HotSpot's {@code GC.class_histogram} diagnostic command (the
 * same as {@code jcmd <pid> GC.class_histogram}, which collects first). Two of them taken around the opening
 * of N idle connections say which classes the connections cost, and how many bytes of each per connection.
 */
final class ClassHistogram {
    /** One class's live instances and their shallow bytes. */
    record Entry(String className, long instances, long bytes) {
    }

    private final Map<String, Entry> entries;

    private ClassHistogram(Map<String, Entry> entries) {
        this.entries = entries;
    }

    static ClassHistogram take() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        return parse(text);
    }

    /** Lines such as {@code    1:   1234   56789  java.lang.String (java.base@25)}. */
    static ClassHistogram parse(String text) {
        Map<String, Entry> entries = new HashMap<>();
        for (String line : text.lines().toList()) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length < 4 || !fields[0].endsWith(":")) {
                continue;
            }
            try {
                entries.merge(fields[3], new Entry(fields[3], Long.parseLong(fields[1]), Long.parseLong(fields[2])),
                        (a, b) -> new Entry(a.className(), a.instances() + b.instances(), a.bytes() + b.bytes()));
            } catch (NumberFormatException e) {
                // the header or the "Total" line
            }
        }
        return new ClassHistogram(entries);
    }

    /** What {@code after} holds beyond this one, the largest first, as per-connection figures for {@code count}. */
    List<String> growthTo(ClassHistogram after, int count, int top) {
        List<Entry> grown = new ArrayList<>();
        for (Entry entry : after.entries.values()) {
            Entry was = entries.getOrDefault(entry.className(), new Entry(entry.className(), 0, 0));
            grown.add(new Entry(entry.className(), entry.instances() - was.instances(), entry.bytes() - was.bytes()));
        }
        grown.sort(Comparator.comparingLong(Entry::bytes).reversed());
        long total = grown.stream().mapToLong(Entry::bytes).sum();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "live heap growth: %,d bytes = %.0f bytes/connection; largest classes:",
                total, total / (double) count));
        for (Entry entry : grown.subList(0, Math.min(top, grown.size()))) {
            lines.add(String.format(Locale.ROOT, "  %8.1f B/conn  %6.2f objects/conn  %s", entry.bytes() / (double) count,
                    entry.instances() / (double) count, entry.className()));
        }
        return lines;
    }
}
