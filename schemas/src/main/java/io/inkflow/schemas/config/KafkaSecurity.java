package io.inkflow.schemas.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * How every InkFlow Kafka client authenticates and encrypts, read from the {@code KAFKA_SECURITY_PROTOCOL},
 * {@code KAFKA_SSL_*} and {@code KAFKA_SASL_*} variables (docs/configuration.md). Each service merges
 * {@link #clientProperties()} into every producer, consumer, admin client and Kafka Streams instance it
 * builds. The compact constructor rejects a combination the cluster would refuse or, worse, one that would
 * quietly connect without the security the operator asked for. Passwords never appear in {@link #toString()}.
 *
 * @param protocol    how the connection is secured
 * @param truststore  the authorities the brokers' certificates are checked against; null for the JVM's own
 * @param keystore    this client's certificate and key, for brokers that ask for one; null for none
 * @param keyPassword the password of the key inside the keystore, when it differs from the keystore's or the
 *                    PEM key is encrypted; null for none
 * @param sasl        the SASL login; null unless the protocol uses SASL
 */
public record KafkaSecurity(Protocol protocol, Store truststore, Store keystore, String keyPassword, Sasl sasl) {
    /** No encryption, no authentication: the local stack and the tests' brokers. */
    public static final KafkaSecurity PLAINTEXT = new KafkaSecurity(Protocol.PLAINTEXT, null, null, null, null);

    static final String PROTOCOL = "KAFKA_SECURITY_PROTOCOL";
    static final String TRUSTSTORE_LOCATION = "KAFKA_SSL_TRUSTSTORE_LOCATION";
    static final String TRUSTSTORE_TYPE = "KAFKA_SSL_TRUSTSTORE_TYPE";
    static final String TRUSTSTORE_PASSWORD = "KAFKA_SSL_TRUSTSTORE_PASSWORD";
    static final String KEYSTORE_LOCATION = "KAFKA_SSL_KEYSTORE_LOCATION";
    static final String KEYSTORE_TYPE = "KAFKA_SSL_KEYSTORE_TYPE";
    static final String KEYSTORE_PASSWORD = "KAFKA_SSL_KEYSTORE_PASSWORD";
    static final String KEY_PASSWORD = "KAFKA_SSL_KEY_PASSWORD";
    static final String MECHANISM = "KAFKA_SASL_MECHANISM";
    static final String USERNAME = "KAFKA_SASL_USERNAME";
    static final String PASSWORD = "KAFKA_SASL_PASSWORD";
    private static final String HIDDEN = "[hidden]";

    /** Kafka's {@code security.protocol} values. */
    public enum Protocol {
        PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL;

        public boolean tls() {
            return this == SSL || this == SASL_SSL;
        }

        public boolean sasl() {
            return this == SASL_PLAINTEXT || this == SASL_SSL;
        }
    }

    /** The SASL mechanisms a username and password log in with. */
    public enum Mechanism {
        PLAIN("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule"),
        SCRAM_SHA_256("SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule"),
        SCRAM_SHA_512("SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule");

        private final String kafkaName;
        private final String loginModule;

        Mechanism(String kafkaName, String loginModule) {
            this.kafkaName = kafkaName;
            this.loginModule = loginModule;
        }

        /** The name Kafka and the variable use, such as {@code SCRAM-SHA-256}. */
        @Override
        public String toString() {
            return kafkaName;
        }
    }

    /** Key and trust store file formats. */
    public enum StoreType {
        PEM, PKCS12, JKS;

        /** PEM for {@code .pem}, {@code .crt} and {@code .cer}, JKS for {@code .jks}, PKCS12 otherwise. */
        static StoreType guess(Path location) {
            String name = location.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".cer")) {
                return PEM;
            }
            return name.endsWith(".jks") ? JKS : PKCS12;
        }
    }

    /** A key or trust store file; {@code password} may be null. */
    public record Store(Path location, StoreType type, String password) {
        public Store {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(type, "type");
        }

        @Override
        public String toString() {
            return "Store[location=" + location + ", type=" + type + ", password=" + (password == null ? null : HIDDEN)
                    + "]";
        }
    }

    /** A SASL login by username and password. */
    public record Sasl(Mechanism mechanism, String username, String password) {
        public Sasl {
            Objects.requireNonNull(mechanism, MECHANISM);
            requireJaasSafe(USERNAME, username);
            requireJaasSafe(PASSWORD, password);
        }

        /** The {@code sasl.jaas.config} line, each value quoted and escaped, so no operator writes JAAS. */
        public String jaasConfig() {
            return mechanism.loginModule + " required username=" + quoted(username) + " password=" + quoted(password)
                    + ";";
        }

        @Override
        public String toString() {
            return "Sasl[mechanism=" + mechanism + ", username=" + username + ", password=" + HIDDEN + "]";
        }
    }

    public KafkaSecurity {
        Objects.requireNonNull(protocol, PROTOCOL);
        if (protocol.sasl() && sasl == null) {
            throw new IllegalArgumentException(USERNAME + " and " + PASSWORD + " are required when " + PROTOCOL + "="
                    + protocol);
        }
        if (!protocol.sasl() && sasl != null) {
            throw new IllegalArgumentException("SASL credentials are set but " + PROTOCOL + "=" + protocol
                    + " would not use them: set " + PROTOCOL + " to SASL_SSL or SASL_PLAINTEXT");
        }
        if (!protocol.tls() && (truststore != null || keystore != null || keyPassword != null)) {
            throw new IllegalArgumentException("KAFKA_SSL_* settings are set but " + PROTOCOL + "=" + protocol
                    + " would not use them: set " + PROTOCOL + " to SSL or SASL_SSL");
        }
        if (truststore != null) {
            requireReadable(TRUSTSTORE_LOCATION, truststore.location());
            if (truststore.type() == StoreType.PEM && truststore.password() != null) {
                throw new IllegalArgumentException(TRUSTSTORE_PASSWORD + " must not be set for a PEM truststore");
            }
        }
        if (keystore != null) {
            requireReadable(KEYSTORE_LOCATION, keystore.location());
            if (keystore.type() == StoreType.PEM && keystore.password() != null) {
                throw new IllegalArgumentException(KEYSTORE_PASSWORD + " must not be set for a PEM keystore;"
                        + " an encrypted PEM key takes " + KEY_PASSWORD);
            }
            if (keystore.type() != StoreType.PEM && keystore.password() == null) {
                throw new IllegalArgumentException(KEYSTORE_PASSWORD + " is required for a " + keystore.type()
                        + " keystore");
            }
        } else if (keyPassword != null) {
            throw new IllegalArgumentException(KEY_PASSWORD + " is set without " + KEYSTORE_LOCATION);
        }
    }

    /** Reads the variables; unset, the clients connect in plaintext without authentication. */
    public static KafkaSecurity fromEnv(Env env) {
        Protocol protocol = env.choice(PROTOCOL, Protocol.class, Protocol.PLAINTEXT);
        // A setting the protocol ignores means the operator meant another protocol: never connect without it.
        if (!protocol.tls()) {
            requireUnset(env, protocol, "SSL or SASL_SSL", TRUSTSTORE_LOCATION, TRUSTSTORE_TYPE, TRUSTSTORE_PASSWORD,
                    KEYSTORE_LOCATION, KEYSTORE_TYPE, KEYSTORE_PASSWORD, KEY_PASSWORD);
        }
        if (!protocol.sasl()) {
            requireUnset(env, protocol, "SASL_SSL or SASL_PLAINTEXT", MECHANISM, USERNAME, PASSWORD);
        }
        Sasl sasl = null;
        if (protocol.sasl()) {
            String required = " is required when " + PROTOCOL + "=" + protocol;
            String username = env.string(USERNAME, null);
            String password = env.string(PASSWORD, null);
            if (username == null || password == null) {
                throw new IllegalArgumentException((username == null ? USERNAME : PASSWORD) + required);
            }
            sasl = new Sasl(env.choice(MECHANISM, Mechanism.class, Mechanism.PLAIN), username, password);
        }
        return new KafkaSecurity(protocol, store(env, TRUSTSTORE_LOCATION, TRUSTSTORE_TYPE, TRUSTSTORE_PASSWORD),
                store(env, KEYSTORE_LOCATION, KEYSTORE_TYPE, KEYSTORE_PASSWORD), env.string(KEY_PASSWORD, null), sasl);
    }

    public static KafkaSecurity fromEnv(Map<String, String> environment) {
        return fromEnv(new Env(environment));
    }

    /** The Kafka client properties to merge into every client's: {@code security.protocol}, {@code ssl.*}, {@code sasl.*}. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol.name());
        if (truststore != null) {
            p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore.location().toString());
            p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, truststore.type().name());
            putIfSet(p, SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, truststore.password());
        }
        if (keystore != null) {
            p.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, keystore.location().toString());
            p.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, keystore.type().name());
            putIfSet(p, SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, keystore.password());
            putIfSet(p, SslConfigs.SSL_KEY_PASSWORD_CONFIG, keyPassword);
        }
        if (sasl != null) {
            p.put(SaslConfigs.SASL_MECHANISM, sasl.mechanism().toString());
            p.put(SaslConfigs.SASL_JAAS_CONFIG, sasl.jaasConfig());
        }
        return Map.copyOf(p);
    }

    /** The variables that read back as this configuration. */
    public Map<String, String> asEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(PROTOCOL, protocol.name());
        if (truststore != null) {
            env.put(TRUSTSTORE_LOCATION, truststore.location().toString());
            env.put(TRUSTSTORE_TYPE, truststore.type().name());
            putIfSet(env, TRUSTSTORE_PASSWORD, truststore.password());
        }
        if (keystore != null) {
            env.put(KEYSTORE_LOCATION, keystore.location().toString());
            env.put(KEYSTORE_TYPE, keystore.type().name());
            putIfSet(env, KEYSTORE_PASSWORD, keystore.password());
            putIfSet(env, KEY_PASSWORD, keyPassword);
        }
        if (sasl != null) {
            env.put(MECHANISM, sasl.mechanism().toString());
            env.put(USERNAME, sasl.username());
            env.put(PASSWORD, sasl.password());
        }
        return env;
    }

    @Override
    public String toString() {
        return "KafkaSecurity[protocol=" + protocol + ", truststore=" + truststore + ", keystore=" + keystore
                + ", keyPassword=" + (keyPassword == null ? null : HIDDEN) + ", sasl=" + sasl + "]";
    }

    private static Store store(Env env, String location, String type, String password) {
        Path path = env.path(location, null);
        if (path == null) {
            for (String other : new String[] {type, password}) {
                if (env.string(other, null) != null) {
                    throw new IllegalArgumentException(other + " is set without " + location);
                }
            }
            return null;
        }
        return new Store(path, env.choice(type, StoreType.class, StoreType.guess(path)), env.string(password, null));
    }

    private static void requireUnset(Env env, Protocol protocol, String protocols, String... names) {
        for (String name : names) {
            if (env.string(name, null) != null) {
                throw new IllegalArgumentException(name + " is set but " + PROTOCOL + "=" + protocol
                        + " does not use it: set " + PROTOCOL + " to " + protocols);
            }
        }
    }

    private static void requireReadable(String name, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(name + " names no file: " + file.toAbsolutePath());
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(name + " names a file this process cannot read: " + file.toAbsolutePath());
        }
    }

    private static void requireJaasSafe(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        // A JAAS quoted string cannot span a line; other control characters are never part of a real login.
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(name + " must not contain line breaks or other control characters");
        }
    }

    /** A JAAS quoted string: Kafka's parser (a StreamTokenizer) reads {@code \\} and {@code \"} as escapes. */
    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static <V> void putIfSet(Map<String, V> map, String key, V value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
