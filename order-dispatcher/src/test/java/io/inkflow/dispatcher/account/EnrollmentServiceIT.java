package io.inkflow.dispatcher.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.dispatcher.persistence.Tx;
import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.CredentialStatus;
import io.inkflow.schemas.DeviceCredential;
import io.inkflow.schemas.Enrollment;
import io.inkflow.schemas.EnrollmentStatus;
import io.inkflow.schemas.Json;
import io.inkflow.schemas.ModelCatalog;
import io.inkflow.schemas.Topics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EnrollmentServiceIT {
    private static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");
    private static TestDatabase db;

    private final AccountStore accounts = new AccountStore();
    private final EnrollmentService enrollments =
            new EnrollmentService(ModelCatalog.bundled(), new DeviceSecrets(), accounts);
    private final PlanService plans = new PlanService(accounts, enrollments);

    @BeforeAll
    static void startDatabase() {
        db = TestDatabase.start();
    }

    @AfterAll
    static void stopDatabase() {
        db.close();
    }

    @Test
    void enrollStoresOnlyTheArgon2HashAndWritesBothOutboxRecordsKeyedBySerial() throws Exception {
        String account = newAccount();
        String serial = uniqueSerial();

        EnrollResult result = enroll(account, serial, "pixma-ts8320", Channel.CANON, NOW);

        assertThat(result).isInstanceOf(EnrollResult.Enrolled.class);
        EnrollResult.Enrolled enrolled = (EnrollResult.Enrolled) result;
        assertThat(enrolled.toString()).doesNotContain(enrolled.deviceSecret());
        String hash = db.queryString("SELECT secret_hash FROM device_credentials WHERE serial = '" + serial + "'");
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(enrolled.deviceSecret());
        assertThat(DeviceSecrets.matches(enrolled.deviceSecret(), hash)).isTrue();
        assertThat(db.queryLong("SELECT count(*) FROM kafka_outbox WHERE payload LIKE '%"
                + enrolled.deviceSecret() + "%'")).isZero();

        List<String[]> outbox = outbox(serial);
        assertThat(outbox).extracting(r -> r[0]).containsExactly(Topics.ENROLLMENTS, Topics.CREDENTIALS);
        Enrollment message = Json.mapper().readValue(outbox.get(0)[1], Enrollment.class);
        assertThat(message.status()).isEqualTo(EnrollmentStatus.ACTIVE);
        assertThat(message.enrollmentId()).isEqualTo(enrolled.enrollment().enrollmentId());
        DeviceCredential credential = Json.mapper().readValue(outbox.get(1)[1], DeviceCredential.class);
        assertThat(credential.secretHash()).isEqualTo(hash);
        assertThat(credential.status()).isEqualTo(CredentialStatus.ACTIVE);
    }

    @Test
    void unknownAndIneligibleModelsDoNotEnroll() throws Exception {
        String account = newAccount();
        String serial = uniqueSerial();

        assertThat(enroll(account, serial, "pixma-unknown", Channel.CANON, NOW))
                .isEqualTo(new EnrollResult.UnknownModel("pixma-unknown"));
        assertThat(db.queryLong("SELECT count(*) FROM printers WHERE serial = '" + serial + "'")).isZero();
        assertThat(outbox(serial)).isEmpty();
    }

    @Test
    void ineligibleModelsDoNotEnroll() throws Exception {
        CatalogEntry eligible = ModelCatalog.bundled().find("pixma-ts8320").orElseThrow();
        CatalogEntry retired = new CatalogEntry("pixma-retired", "PIXMA Retired", eligible.series(),
                eligible.supplyKind(), false, eligible.slots());
        EnrollmentService withRetired = new EnrollmentService(new ModelCatalog(List.of(eligible, retired)),
                new DeviceSecrets(), accounts);
        String account = newAccount();
        String serial = uniqueSerial();

        EnrollResult result = tx(c -> withRetired.enroll(c, account, serial, "pixma-retired", Channel.CANON, NOW));

        assertThat(result).isEqualTo(new EnrollResult.ModelNotEligible("pixma-retired"));
        assertThat(db.queryLong("SELECT count(*) FROM enrollments WHERE serial = '" + serial + "'")).isZero();
        assertThat(outbox(serial)).isEmpty();
    }

    @Test
    void aSecondOwnerEnrollsOnlyAfterDeactivationAndGetsANewEnrollmentId() throws Exception {
        String first = newAccount();
        String second = newAccount();
        String serial = uniqueSerial();
        var original = (EnrollResult.Enrolled) enroll(first, serial, "pixma-g7020",
                Channel.CANON, NOW);

        assertThat(enroll(second, serial, "pixma-g7020", Channel.AMAZON, NOW))
                .isEqualTo(new EnrollResult.SerialAlreadyEnrolled(false));
        assertThat(deactivate(second, serial, "not mine", NOW)).isEmpty();

        assertThat(deactivate(first, serial, "sold", NOW.plusSeconds(60))).isPresent();
        assertThat(db.queryString("SELECT status FROM device_credentials WHERE serial = '" + serial + "'"))
                .isEqualTo("REVOKED");

        var again = (EnrollResult.Enrolled) enroll(second, serial, "pixma-g7020",
                Channel.AMAZON, NOW.plusSeconds(120));
        assertThat(again.enrollment().enrollmentId()).isNotEqualTo(original.enrollment().enrollmentId());
        assertThat(again.deviceSecret()).isNotEqualTo(original.deviceSecret());
        assertThat(outbox(serial)).extracting(r -> r[0] + ":" + statusOf(r[1])).containsExactly(
                Topics.ENROLLMENTS + ":ACTIVE", Topics.CREDENTIALS + ":ACTIVE",
                Topics.ENROLLMENTS + ":DEACTIVATED", Topics.CREDENTIALS + ":REVOKED",
                Topics.ENROLLMENTS + ":ACTIVE", Topics.CREDENTIALS + ":ACTIVE");
    }

    @Test
    void planCancelCancelsEveryActiveEnrollmentAndReEnrollingReactivatesThePlan() throws Exception {
        String account = newAccount();
        String a = uniqueSerial();
        String b = uniqueSerial();
        enroll(account, a, "pixma-ts8320", Channel.CANON, NOW);
        enroll(account, b, "imageclass-mf445dw", Channel.CANON, NOW);

        assertThat(cancelPlan(account, List.of("TOO_EXPENSIVE"), "bye", NOW))
                .isInstanceOfSatisfying(CancelPlanResult.Cancelled.class,
                        cancelled -> assertThat(cancelled.enrollmentsCancelled()).isEqualTo(2));
        assertThat(cancelPlan(account, List.of("TOO_EXPENSIVE"), "bye", NOW))
                .isEqualTo(new CancelPlanResult.AlreadyCancelled());
        assertThat(db.queryString("SELECT plan_status FROM accounts WHERE account_id = '" + account + "'"))
                .isEqualTo("CANCELLED");
        assertThat(db.queryLong("SELECT count(*) FROM enrollments WHERE account_id = '" + account
                + "' AND status = 'CANCELLED'")).isEqualTo(2);
        assertThat(outbox(a)).extracting(r -> statusOf(r[1])).endsWith("CANCELLED");

        // the owner may enroll a plan-cancelled printer again: the plan runs again
        assertThat(enroll(account, a, "pixma-ts8320", Channel.CANON, NOW))
                .isInstanceOf(EnrollResult.Enrolled.class);
        assertThat(db.queryString("SELECT plan_status FROM accounts WHERE account_id = '" + account + "'"))
                .isEqualTo("ACTIVE");
        assertThat(list(account, false)).hasSize(2);
        assertThat(list(account, true)).hasSize(3);
    }

    @Test
    void concurrentEnrollmentsOfOneSerialLeaveExactlyOneActive() throws Exception {
        String serial = uniqueSerial();
        List<String> owners = List.of(newAccount(), newAccount(), newAccount(), newAccount());
        ExecutorService pool = Executors.newFixedThreadPool(owners.size());
        try {
            List<Callable<EnrollResult>> calls = new ArrayList<>();
            for (String owner : owners) {
                calls.add(() -> enroll(owner, serial, "pixma-ts8320", Channel.CANON, NOW));
            }
            List<EnrollResult> results = new ArrayList<>();
            for (Future<EnrollResult> f : pool.invokeAll(calls)) {
                results.add(f.get());
            }
            assertThat(results).filteredOn(r -> r instanceof EnrollResult.Enrolled).hasSize(1);
            assertThat(results).filteredOn(r -> r instanceof EnrollResult.SerialAlreadyEnrolled).hasSize(3);
        } finally {
            pool.shutdownNow();
        }
        assertThat(db.queryLong("SELECT count(*) FROM enrollments WHERE serial = '" + serial + "'")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM device_credentials WHERE serial = '" + serial + "'"))
                .isEqualTo(1);
    }

    private String newAccount() throws SQLException {
        return tx(c -> accounts.create(c, new NewAccount("ada@example.com", "Ada",
                new Address("Ada", "1 Main St", null, "Springfield", "IL", "62701", "US"),
                new PaymentMethod("tok_visa_4242", "VISA", "4242")), NOW));
    }

    private EnrollResult enroll(String account, String serial, String model, Channel channel, Instant at)
            throws SQLException {
        return tx(c -> enrollments.enroll(c, account, serial, model, channel, at));
    }

    private java.util.Optional<PrinterEnrollment> deactivate(String account, String serial, String reason, Instant at)
            throws SQLException {
        return tx(c -> enrollments.deactivate(c, account, serial, reason, at));
    }

    private CancelPlanResult cancelPlan(String account, List<String> reasons, String comment, Instant at)
            throws SQLException {
        return tx(c -> plans.cancel(c, account, reasons, comment, at));
    }

    private List<PrinterEnrollment> list(String account, boolean all) throws SQLException {
        return tx(c -> enrollments.list(c, account, all));
    }

    private static <T> T tx(Tx.Work<T> work) {
        return db.tx().run(work);
    }

    private static String statusOf(String json) {
        try {
            return Json.mapper().readTree(json).get("status").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String[]> outbox(String serial) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT topic, payload FROM kafka_outbox WHERE record_key = ? ORDER BY id")) {
            s.setString(1, serial);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return rows;
    }

    private static int counter;

    private static synchronized String uniqueSerial() {
        return "KMTEST-" + System.nanoTime() % 1_000_000_000L + "-" + (counter++);
    }
}
