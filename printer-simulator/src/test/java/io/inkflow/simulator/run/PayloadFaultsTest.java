package io.inkflow.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.MessageSchema;
import io.inkflow.schemas.SchemaValidator;
import io.inkflow.schemas.SupplyLevel;
import io.inkflow.schemas.TelemetryReport;
import io.inkflow.simulator.fault.FaultKind;
import io.inkflow.simulator.fault.FaultRates;
import io.inkflow.simulator.report.ReportCodec;
import io.inkflow.simulator.report.TraceEntry;
import io.inkflow.simulator.stats.RunCounters;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PayloadFaultsTest {
    private static final SchemaValidator VALIDATOR = new SchemaValidator();
    private static final TelemetryReport LAST_SENT = new TelemetryReport("P-000001", "pixma-ts6420a", 2, 41,
            Instant.parse("2026-01-01T00:00:00Z"), 10, List.of(new SupplyLevel("PG", "PG-275", "black", 50, true,
            "PG-1"), new SupplyLevel("CL", "CL-276", "colour", 40, true, "CL-1")));
    private static final List<String> SERIALS = List.of("P-000001", "P-000002");

    private final RunCounters counters = new RunCounters();

    private PayloadFaults faults(FaultRates rates, long seed) {
        return new PayloadFaults(rates, counters, SERIALS, "P-000001", new SplittableRandom(seed));
    }

    @Test
    void withoutRatesNothingIsInjected() {
        PayloadFaults faults = faults(FaultRates.none().with(FaultKind.DUP_REDELIVERY, 1), 1);

        assertThat(faults.after(LAST_SENT)).isEmpty();
        assertThat(counters.faults().values()).allMatch(count -> count == 0);
    }

    @Test
    void aMalformedPayloadGoesToThePrintersOwnTopicAndNeverPassesTheSchema() {
        PayloadFaults faults = faults(FaultRates.none().with(FaultKind.MALFORMED_PAYLOAD, 1), 7);

        for (int i = 0; i < 30; i++) {
            List<PayloadFaults.FaultPublish> injected = faults.after(LAST_SENT);
            assertThat(injected).singleElement().satisfies(fault -> {
                assertThat(fault.topic()).isEqualTo("printers/P-000001/telemetry");
                assertThat(fault.kind()).isEqualTo(TraceEntry.Kind.MALFORMED);
                assertThat(valid(fault.payload())).isFalse();
            });
        }
        assertThat(counters.faults().get(FaultKind.MALFORMED_PAYLOAD)).isEqualTo(30);
    }

    @Test
    void aWrongTopicIsAnotherPrintersTopicOrTheStatusTopicWithASequenceAlreadyUsed() {
        PayloadFaults faults = faults(FaultRates.none().with(FaultKind.WRONG_TOPIC, 1), 7);
        List<String> topics = new ArrayList<>();

        for (int i = 0; i < 40; i++) {
            PayloadFaults.FaultPublish fault = faults.after(LAST_SENT).getFirst();
            TelemetryReport carried = ReportCodec.decode(fault.payload());
            topics.add(fault.topic());
            assertThat(fault.kind()).isEqualTo(TraceEntry.Kind.WRONG_TOPIC);
            assertThat(carried.sequence()).isEqualTo(LAST_SENT.sequence());
            assertThat(carried.bootEpoch()).isEqualTo(LAST_SENT.bootEpoch());
            if (fault.topic().equals("printers/P-000002/telemetry")) {
                assertThat(carried.serial()).isEqualTo("P-000002");
            } else {
                assertThat(fault.topic()).isEqualTo("printers/P-000001/status");
                assertThat(carried).isEqualTo(LAST_SENT);
            }
        }
        assertThat(topics).contains("printers/P-000002/telemetry", "printers/P-000001/status");
        assertThat(counters.faults().get(FaultKind.WRONG_TOPIC)).isEqualTo(40);
    }

    @Test
    void theSameFaultStreamInjectsTheSameFaults() {
        FaultRates rates = FaultRates.none().with(FaultKind.MALFORMED_PAYLOAD, 0.5).with(FaultKind.WRONG_TOPIC, 0.5);
        PayloadFaults first = faults(rates, 99);
        PayloadFaults second = faults(rates, 99);

        for (int i = 0; i < 20; i++) {
            assertThat(first.after(LAST_SENT)).usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(second.after(LAST_SENT));
        }
    }

    private static boolean valid(byte[] payload) {
        try {
            JsonNode node = Json.mapper().readTree(payload);
            return node != null && !node.isMissingNode()
                    && VALIDATOR.validate(MessageSchema.TELEMETRY_REPORT, node).isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
