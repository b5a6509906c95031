package io.inkflow.stack.chaos;

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
}
