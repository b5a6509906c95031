package io.inkflow.simulator.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inkflow.schemas.CatalogSlot;
import io.inkflow.schemas.ModelCatalog;
import org.junit.jupiter.api.Test;

class BacktestPolicyTest {
    private static final CatalogSlot MF743_K = ModelCatalog.bundled().find("imageclass-mf743cdw").orElseThrow()
            .slot("K").orElseThrow(); // threshold 12

    @Test
    void keysLeftOutTakeTheProductionValues() {
        BacktestPolicy policy = BacktestPolicy.parse("name=lean,lead=5");
        assertThat(policy).isEqualTo(new BacktestPolicy("lean", Thresholds.CATALOG, true, 5, 2, 0));
        assertThat(BacktestPolicy.defaults().getFirst()).isEqualTo(BacktestPolicy.production());
    }

    @Test
    void thresholdsFollowTheCatalogShiftedFlatOrPerModel() {
        assertThat(Thresholds.parse("model").percent("imageclass-mf743cdw", MF743_K)).isEqualTo(12);
        assertThat(Thresholds.parse("model+5").percent("imageclass-mf743cdw", MF743_K)).isEqualTo(17);
        assertThat(Thresholds.parse("model-20").percent("imageclass-mf743cdw", MF743_K)).isZero();
        assertThat(Thresholds.parse("30").percent("imageclass-mf743cdw", MF743_K)).isEqualTo(30);
        BacktestPolicy policy =
                BacktestPolicy.parse("name=x,threshold.imageclass-mf743cdw=25,threshold=model+1,forecast=off");
        assertThat(policy.thresholds().percent("imageclass-mf743cdw", MF743_K)).isEqualTo(25);
        assertThat(policy.thresholds().percent("imageclass-mf656cdw", MF743_K)).isEqualTo(13);
        assertThat(policy.describe()).isEqualTo("threshold model+1 imageclass-mf743cdw=25%, no forecast");
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThatThrownBy(() -> BacktestPolicy.parse("lead=5")).hasMessageContaining("name");
        assertThatThrownBy(() -> BacktestPolicy.parse("name=x,lead=soon")).hasMessageContaining("lead must be");
        assertThatThrownBy(() -> BacktestPolicy.parse("name=x,window=-1")).hasMessageContaining("negative");
        assertThatThrownBy(() -> BacktestPolicy.parse("name=x,threshold=120")).hasMessageContaining("0..100");
        assertThatThrownBy(() -> BacktestPolicy.parse("name=x,forecast=maybe")).hasMessageContaining("on or off");
        assertThatThrownBy(() -> BacktestPolicy.parse("name=x,lead")).hasMessageContaining("key=value");
    }
}
