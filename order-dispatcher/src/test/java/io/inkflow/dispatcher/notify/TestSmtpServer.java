package io.inkflow.dispatcher.notify;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.inkflow.dispatcher.TestTls;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * GreenMail as the mail relay of a test: SMTPS (TLS from the first byte) with AUTH, on an ephemeral port,
 * with a certificate for 127.0.0.1; and a plain SMTP port, which offers no STARTTLS.
 */
public final class TestSmtpServer implements AutoCloseable {
    public static final String USER = "mailer";
    public static final String PASSWORD = "relay-password-1";
    public static final String FROM = "InkFlow <orders@inkflow.test>";

    private final GreenMail greenMail;

    private TestSmtpServer(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    /** Starts the relay; its TLS keystore is written into {@code dir}. */
    public static TestSmtpServer start(Path dir) {
        // GreenMail reads its keystore when it builds its TLS socket factory, at start
        System.setProperty("greenmail.tls.keystore.file", TestTls.keystore(dir).toString());
        System.setProperty("greenmail.tls.keystore.password", TestTls.PASSWORD);
        GreenMail greenMail = new GreenMail(new ServerSetup[] {ServerSetupTest.SMTPS.dynamicPort(),
                ServerSetupTest.SMTP.dynamicPort()});
        greenMail.setUser("mailer@inkflow.test", USER, PASSWORD);
        greenMail.start();
        return new TestSmtpServer(greenMail);
    }

    public int smtpsPort() {
        return greenMail.getSmtps().getPort();
    }

    /** The plain port: no STARTTLS on offer. */
    public int plainPort() {
        return greenMail.getSmtp().getPort();
    }

    /** The dispatcher's settings for the SMTPS port, with this password. */
    public SmtpSettings settings(String password) {
        return new SmtpSettings("127.0.0.1", smtpsPort(), SmtpSettings.Tls.IMPLICIT, USER, password, FROM, "127.0.0.1",
                Duration.ofSeconds(5));
    }

    public List<MimeMessage> received() {
        return List.of(greenMail.getReceivedMessages());
    }

    /**
     * The messages once {@code expected} have arrived (or after 10 s): the SMTP client's delivery ends at the
     * server's 250 reply, a moment before GreenMail has filed the last message in its mailbox.
     */
    public List<MimeMessage> received(int expected) {
        greenMail.waitForIncomingEmail(10_000, expected);
        return received();
    }

    public void purge() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        greenMail.stop();
        System.clearProperty("greenmail.tls.keystore.file");
        System.clearProperty("greenmail.tls.keystore.password");
    }
}
