package dev.fess.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** The PyTorch engine starts from the natives pinned in Maven, with downloads forbidden. */
class EngineOfflineTest {
    @Test
    void pytorchEngineLoadsOffline() {
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        Engine engine = Engine.getEngine("PyTorch");
        assertThat(engine.getVersion()).startsWith("2.7.1");
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1, 2, 3});
            assertThat(a.sum().getFloat()).isEqualTo(6f);
        }
    }
}
