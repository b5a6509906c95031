package io.inkflow.dispatcher.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiConfigTest {

    @Test
    void validatesEachSettingByName() {
        assertThatThrownBy(() -> new ApiConfig(-1, "t", 4096)).hasMessageContaining("port");
        assertThatThrownBy(() -> new ApiConfig(0, " ", 4096)).hasMessageContaining("DISPATCHER_ADMIN_TOKEN");
        assertThatThrownBy(() -> new ApiConfig(0, "t", 10)).hasMessageContaining("maxBodyBytes");
    }

    @Test
    void neverPrintsTheAdminToken() {
        assertThat(new ApiConfig(8080, "very-secret-token", ApiConfig.DEFAULT_MAX_BODY_BYTES).toString())
                .doesNotContain("very-secret-token");
    }

    @Test
    void onlyTheOwnerOrAnAdminMayActOnAnAccount() {
        assertThat(new Principal("tok-1", Role.CUSTOMER, "acc-1").mayActOn("acc-1")).isTrue();
        assertThat(new Principal("tok-1", Role.CUSTOMER, "acc-1").mayActOn("acc-2")).isFalse();
        assertThat(new Principal("admin", Role.ADMIN, null).mayActOn("acc-2")).isTrue();
        assertThat(new Principal("tok-2", Role.FULFILMENT, null).mayActOn("acc-2")).isFalse();
        assertThatThrownBy(() -> new Principal("tok-3", Role.CUSTOMER, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
