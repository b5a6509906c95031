package io.inkflow.schemas.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MachineProcessorTest {
    @Test
    void namesTheFirstProcessorWithItsFamilyAndModel() {
        String cpuinfo = """
                processor\t: 0
                vendor_id\t: AuthenticAMD
                cpu family\t: 26
                model\t\t: 2
                model name\t: AMD EPYC
                flags\t\t: fpu vme de pse

                processor\t: 1
                cpu family\t: 25
                model\t\t: 1
                model name\t: another one
                """;

        assertThat(MachineProcessor.describe(cpuinfo)).isEqualTo("AMD EPYC (family 26, model 2)");
    }

    @Test
    void saysWhatItKnowsWhenFieldsAreMissing() {
        assertThat(MachineProcessor.describe("processor\t: 0\nmodel name\t: Some CPU\n")).isEqualTo("Some CPU");
        assertThat(MachineProcessor.describe("")).isEqualTo("unknown processor");
    }
}
