package io.inkflow.dispatcher.portal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One {@link PortalFixture} (real PostgreSQL, real Jetty) per page test class. */
abstract class PortalITSupport {
    static PortalFixture fx;

    @BeforeAll
    static void startPortal() {
        fx = new PortalFixture();
    }

    @AfterAll
    static void stopPortal() {
        if (fx != null) {
            fx.close();
        }
    }
}
