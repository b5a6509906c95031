package io.inkflow.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.bench.MachineLoad;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Running one benchmark must keep the other benchmarks' sections of the document it rewrites. */
class BenchmarkSuiteTest {
    private static final String DOCUMENT = """
            # Benchmarks

            ## Summary

            | figure | value | section |

            ## gateway ingest (QoS 1)

            gateway figures

            ## streams throughput

            streams figures

            ## end-to-end: printer report to order row

            e2e figures

            ## chain: the whole chain at rising offered rates

            highest sustained rate: 5000 reports/s  
            PASS printer.telemetry.v1 holds exactly the acknowledged reports: 1 records  
            FAIL the orders table holds exactly the orders the oracle expects: 2 rows  

            ## Per-module benchmark pages
            """;

    @Test
    void aSectionRunsFromItsHeadingToTheNextOne() {
        assertThat(BenchmarkSuite.previousSection(DOCUMENT, "streams"))
                .contains("## streams throughput\n\nstreams figures\n\n");
        assertThat(BenchmarkSuite.previousSection(DOCUMENT, "e2e"))
                .contains("## end-to-end: printer report to order row\n\ne2e figures\n\n");
    }

    @Test
    void figuresFromABusyMachineNeverReplaceTheDocumentedResults() {
        Path output = Path.of("docs/benchmarks.md");
        Path logs = Path.of(".inkflow/bench");

        assertThat(BenchmarkSuite.destination(output, logs, new MachineLoad(2.0, 3.0, 3.0, 2))).isEqualTo(output);
        assertThat(BenchmarkSuite.destination(output, logs, new MachineLoad(2.4, 1.0, 1.0, 2)))
                .isEqualTo(logs.resolve("benchmarks-busy-machine.md"));
    }

    @Test
    void theWholeChainKeepsItsSectionAndGivesItsHighestSustainedRateAndChecksToTheSummary() {
        String chain = BenchmarkSuite.previousSection(DOCUMENT, "chain").orElseThrow();

        assertThat(chain).startsWith("## chain: the whole chain").endsWith("2 rows\n\n");
        assertThat(Summary.table(java.util.Map.of("chain", chain)))
                .contains("| whole chain, highest sustained offered rate (lag bounded, report-to-order p99 under 1 s) "
                        + "| 5000 reports/s | chain |")
                .contains("| whole chain, checks (telemetry records = acknowledged reports; orders = oracle) "
                        + "| PASS; FAIL | chain |");
    }

    @Test
    void aBenchmarkTheDocumentNeverHadHasNoSection() {
        assertThat(BenchmarkSuite.previousSection(DOCUMENT, "dispatcher")).isEmpty();
        assertThat(BenchmarkSuite.previousSection("", "gateway")).isEmpty();
    }
}
