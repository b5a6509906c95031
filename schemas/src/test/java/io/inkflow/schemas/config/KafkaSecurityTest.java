package io.inkflow.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSecurityTest {
    @TempDir
    Path dir;

    @Test
    void connectsInPlaintextWhenNothingIsSet() {
        KafkaSecurity security = KafkaSecurity.fromEnv(Map.of());

        assertThat(security).isEqualTo(KafkaSecurity.PLAINTEXT);
        assertThat(security.clientProperties()).containsExactly(Map.entry("security.protocol", "PLAINTEXT"));
    }

    @Test
    void buildsSaslSslPropertiesWithTheTruststoreTypeTakenFromItsName() throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");

        Map<String, Object> properties = KafkaSecurity.fromEnv(Map.of(
                "KAFKA_SECURITY_PROTOCOL", "sasl_ssl", "KAFKA_SSL_TRUSTSTORE_LOCATION", ca.toString(),
                "KAFKA_SASL_MECHANISM", "scram-sha-512", "KAFKA_SASL_USERNAME", "dispatcher",
                "KAFKA_SASL_PASSWORD", "s3cret")).clientProperties();

        assertThat(properties).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.location", ca.toString())
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .doesNotContainKey("ssl.truststore.password");
        assertThat(loginOptions(properties)).containsEntry("username", "dispatcher").containsEntry("password", "s3cret");
        assertThat(loginModule(properties)).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule");
    }

    @Test
    void quotesCredentialsSoKafkasJaasParserReadsThemBackUnchanged() {
        String password = "p\"a;s s\\w=o}r{d'";
        Map<String, Object> properties = sasl("PLAIN", "us\"er\\", password).clientProperties();

        assertThat(loginOptions(properties)).containsEntry("username", "us\"er\\").containsEntry("password", password);
        assertThat(loginModule(properties)).isEqualTo("org.apache.kafka.common.security.plain.PlainLoginModule");
    }

    @Test
    void buildsAClientCertificateKeystore() throws IOException {
        Path trust = Files.writeString(dir.resolve("trust.jks"), "x");
        Path keys = Files.writeString(dir.resolve("client.p12"), "x");

        Map<String, Object> properties = KafkaSecurity.fromEnv(Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_SSL_TRUSTSTORE_LOCATION", trust.toString(),
                "KAFKA_SSL_TRUSTSTORE_PASSWORD", "tp", "KAFKA_SSL_KEYSTORE_LOCATION", keys.toString(),
                "KAFKA_SSL_KEYSTORE_PASSWORD", "kp", "KAFKA_SSL_KEY_PASSWORD", "xp")).clientProperties();

        assertThat(properties).containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.truststore.type", "JKS").containsEntry("ssl.truststore.password", "tp")
                .containsEntry("ssl.keystore.location", keys.toString()).containsEntry("ssl.keystore.type", "PKCS12")
                .containsEntry("ssl.keystore.password", "kp").containsEntry("ssl.key.password", "xp")
                .doesNotContainKey("sasl.jaas.config");
    }

    @Test
    void asEnvReadsBackAsTheSameConfiguration() throws IOException {
        Path keys = Files.writeString(dir.resolve("client.pem"), "x");
        KafkaSecurity security = KafkaSecurity.fromEnv(Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SSL_KEYSTORE_LOCATION", keys.toString(),
                "KAFKA_SSL_KEY_PASSWORD", "xp", "KAFKA_SASL_USERNAME", "u", "KAFKA_SASL_PASSWORD", "p"));

        assertThat(KafkaSecurity.fromEnv(security.asEnv())).isEqualTo(security);
    }

    @Test
    void neverShowsASecretInToString() throws IOException {
        Path trust = Files.writeString(dir.resolve("trust.p12"), "x");
        Path keys = Files.writeString(dir.resolve("keys.p12"), "x");
        KafkaSecurity security = KafkaSecurity.fromEnv(Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SSL_TRUSTSTORE_LOCATION", trust.toString(),
                "KAFKA_SSL_TRUSTSTORE_PASSWORD", "secret-one", "KAFKA_SSL_KEYSTORE_LOCATION", keys.toString(),
                "KAFKA_SSL_KEYSTORE_PASSWORD", "secret-two", "KAFKA_SSL_KEY_PASSWORD", "secret-three",
                "KAFKA_SASL_USERNAME", "gateway", "KAFKA_SASL_PASSWORD", "secret-four"));

        assertThat(security.toString()).doesNotContain("secret").contains("gateway", "[hidden]", "SASL_SSL");
    }

    @Test
    void rejectsASaslProtocolWithoutCredentials() {
        assertThatThrownBy(() -> KafkaSecurity.fromEnv(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")))
                .hasMessage("KAFKA_SASL_USERNAME is required when KAFKA_SECURITY_PROTOCOL=SASL_SSL");
        assertThatThrownBy(() -> KafkaSecurity.fromEnv(Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "KAFKA_SASL_USERNAME", "u")))
                .hasMessage("KAFKA_SASL_PASSWORD is required when KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT");
    }

    @Test
    void rejectsSettingsTheProtocolWouldIgnore() {
        // credentials without a SASL protocol would connect without them, and without TLS
        assertThatThrownBy(() -> KafkaSecurity.fromEnv(Map.of("KAFKA_SASL_USERNAME", "u", "KAFKA_SASL_PASSWORD", "p")))
                .hasMessageStartingWith("KAFKA_SASL_USERNAME is set but KAFKA_SECURITY_PROTOCOL=PLAINTEXT does not use it")
                .hasMessageContaining("SASL_SSL");
        assertThatThrownBy(() -> KafkaSecurity.fromEnv(Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "KAFKA_SASL_USERNAME", "u", "KAFKA_SASL_PASSWORD", "p",
                "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/ca.pem")))
                .hasMessageStartingWith("KAFKA_SSL_TRUSTSTORE_LOCATION is set but KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT");
    }

    @Test
    void rejectsAnUnknownProtocolOrMechanismNamingTheVariable() {
        assertThatThrownBy(() -> KafkaSecurity.fromEnv(Map.of("KAFKA_SECURITY_PROTOCOL", "TLS")))
                .hasMessageStartingWith("KAFKA_SECURITY_PROTOCOL must be one of [plaintext, ssl, sasl_plaintext, sasl_ssl]");
        assertThatThrownBy(() -> sasl("GSSAPI", "u", "p"))
                .hasMessageStartingWith("KAFKA_SASL_MECHANISM must be one of [plain, scram-sha-256, scram-sha-512]");
    }

    @Test
    void rejectsAStoreFileThatIsNotThere() {
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> KafkaSecurity.fromEnv(Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_SSL_TRUSTSTORE_LOCATION", missing.toString())))
                .hasMessage("KAFKA_SSL_TRUSTSTORE_LOCATION names no file: " + missing.toAbsolutePath());
        assertThatThrownBy(() -> KafkaSecurity.fromEnv(Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_SSL_KEYSTORE_LOCATION", dir.toString(),
                "KAFKA_SSL_KEYSTORE_PASSWORD", "p")))
                .hasMessage("KAFKA_SSL_KEYSTORE_LOCATION names no file: " + dir.toAbsolutePath());
    }

    @Test
    void rejectsPasswordsKafkaWouldRefuseForTheStoreType() throws IOException {
        Path pem = Files.writeString(dir.resolve("ca.pem"), "x");
        Path p12 = Files.writeString(dir.resolve("client.p12"), "x");

        assertThatThrownBy(() -> KafkaSecurity.fromEnv(Map.of("KAFKA_SECURITY_PROTOCOL", "SSL",
                "KAFKA_SSL_TRUSTSTORE_LOCATION", pem.toString(), "KAFKA_SSL_TRUSTSTORE_PASSWORD", "p")))
                .hasMessage("KAFKA_SSL_TRUSTSTORE_PASSWORD must not be set for a PEM truststore");
        assertThatThrownBy(() -> KafkaSecurity.fromEnv(Map.of("KAFKA_SECURITY_PROTOCOL", "SSL",
                "KAFKA_SSL_KEYSTORE_LOCATION", p12.toString())))
                .hasMessage("KAFKA_SSL_KEYSTORE_PASSWORD is required for a PKCS12 keystore");
        assertThatThrownBy(() -> KafkaSecurity.fromEnv(Map.of("KAFKA_SECURITY_PROTOCOL", "SSL",
                "KAFKA_SSL_KEY_PASSWORD", "p")))
                .hasMessage("KAFKA_SSL_KEY_PASSWORD is set without KAFKA_SSL_KEYSTORE_LOCATION");
        assertThatThrownBy(() -> KafkaSecurity.fromEnv(Map.of("KAFKA_SECURITY_PROTOCOL", "SSL",
                "KAFKA_SSL_TRUSTSTORE_TYPE", "PEM")))
                .hasMessage("KAFKA_SSL_TRUSTSTORE_TYPE is set without KAFKA_SSL_TRUSTSTORE_LOCATION");
    }

    @Test
    void rejectsCredentialsAJaasLineCannotCarry() {
        assertThatThrownBy(() -> sasl("PLAIN", "u", "line\nbreak"))
                .hasMessage("KAFKA_SASL_PASSWORD must not contain line breaks or other control characters");
    }

    private static KafkaSecurity sasl(String mechanism, String username, String password) {
        return KafkaSecurity.fromEnv(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "KAFKA_SASL_MECHANISM", mechanism, "KAFKA_SASL_USERNAME", username, "KAFKA_SASL_PASSWORD", password));
    }

    /** The login as Kafka's own client parses {@code sasl.jaas.config}. */
    private static AppConfigurationEntry login(Map<String, Object> properties) {
        Map<String, Object> configs = new HashMap<>(properties);
        configs.put(SaslConfigs.SASL_JAAS_CONFIG, new Password((String) properties.get(SaslConfigs.SASL_JAAS_CONFIG)));
        return JaasContext.loadClientContext(configs).configurationEntries().getFirst();
    }

    private static Map<String, Object> loginOptions(Map<String, Object> properties) {
        return Map.copyOf(login(properties).getOptions());
    }

    private static String loginModule(Map<String, Object> properties) {
        return login(properties).getLoginModuleName();
    }
}
