package io.inkflow.stack.chaos;

import java.time.Duration;

/** One thing the chaos run breaks. */
public sealed interface Fault {
    /** SIGKILL of a service process, which is then started again on the same ports and state. */
    record Kill(Service service) implements Fault {
        @Override
        public String toString() {
            return "kill -9 " + service.label();
        }
    }

    /** {@code pg_ctl stop -m immediate}, a pause, then the same PostgreSQL started again. */
    record RestartPostgres() implements Fault {
        @Override
        public String toString() {
            return "postgres immediate stop + start";
        }
    }

    /** SIGKILL of the Kafka node in a role; it is started again once another node took the role over. */
    record KillBroker(BrokerRole role) implements Fault {
        @Override
        public String toString() {
            return "kill -9 kafka " + role.label();
        }
    }

    /** SIGKILL of every Kafka node at once; all of them started again after {@code downtime}. */
    record KafkaOutage(Duration downtime) implements Fault {
        @Override
        public String toString() {
            return "all kafka down " + downtime.toSeconds() + "s";
        }
    }

    /**
     * An operator's rolling restart under load: each service in turn stopped with SIGTERM and started again
     * (the next one once it is ready), then each Kafka node likewise (the next once every replica is in sync).
     */
    record RollingRestart() implements Fault {
        @Override
        public String toString() {
            return "rolling restart of everything";
        }
    }

    /** Which Kafka node a {@link KillBroker} picks. */
    enum BrokerRole {
        /** The leader of partition 0 of the telemetry topic, where the gateway writes. */
        TELEMETRY_LEADER("telemetry leader"),
        /** The active controller, the leader of the KRaft metadata quorum. */
        ACTIVE_CONTROLLER("active controller");

        private final String label;

        BrokerRole(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
