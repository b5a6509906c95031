package io.inkflow.dispatcher.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class SmtpClientTest {
    private static final ZonedDateTime DATE = ZonedDateTime.of(2026, 11, 21, 9, 15, 0, 0, ZoneOffset.UTC);

    @Test
    void sendsOneMessageWithItsIdAndAnEncodedBody() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer()) {
            SmtpClient client = new SmtpClient("127.0.0.1", server.port(), "InkFlow <orders@inkflow.local>");
            client.send("ada@example.com", "Your PGI-280 has shipped", "Hello Ada,\n.\nTracking: IF1 — ✓", "n-42", DATE);

            assertThat(server.received()).hasSize(1);
            FakeSmtpServer.Received mail = server.received().getFirst();
            assertThat(mail.mailFrom()).isEqualTo("<orders@inkflow.local>");
            assertThat(mail.rcptTo()).isEqualTo("<ada@example.com>");
            assertThat(mail.data()).contains("Message-ID: <n-42@inkflow>", "To: <ada@example.com>",
                    "Content-Transfer-Encoding: base64", "Date: Sat, 21 Nov 2026 09:15:00 GMT");
            // a lone dot line in the text cannot end the DATA section early
            assertThat(mail.decodedBody()).isEqualTo("Hello Ada,\r\n.\r\nTracking: IF1 — ✓");
        }
    }

    @Test
    void refusesAddressesThatWouldInjectCommands() {
        assertThatThrownBy(() -> SmtpClient.address("a@b.c>\r\nRCPT TO:<x@y.z"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SmtpClient.address("Ada <ada@example.com>")).isEqualTo("ada@example.com");
    }
}
