package dev.fess.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.fess.UserInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceChoiceTest {

    @ParameterizedTest
    @CsvSource({
        // choice, GPUs the engine sees, device
        "auto,  0, cpu",
        "auto,  1, gpu:0",
        "auto,  4, gpu:0",
        "cpu,   0, cpu",
        "cpu,   2, cpu",
        "gpu,   1, gpu:0",
        "GPU:1, 2, gpu:1",
        "gpu:3, 4, gpu:3"
    })
    void resolvesAgainstTheGpuCount(String choice, int gpus, String device) {
        Device d = DeviceChoice.parse(choice, "--device").resolve(gpus);
        assertThat(DeviceChoice.name(d)).isEqualTo(device);
        assertThat(d.isGpu()).isEqualTo(device.startsWith("gpu"));
    }

    @ParameterizedTest
    @CsvSource({"gpu, 0", "gpu:0, 0", "gpu:2, 2"})
    void aMissingGpuIsAUserError(String choice, int gpus) {
        assertThatThrownBy(() -> DeviceChoice.parse(choice, "--device").resolve(gpus))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("device " + choice + ": the engine sees " + gpus + " GPU(s)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "tpu", "gpu:", "gpu:-1", "gpu:a", "cuda:0", "cpu:0"})
    void refusesOtherText(String text) {
        assertThatThrownBy(() -> DeviceChoice.parse(text, "--device"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("--device expects auto, cpu, gpu or gpu:K, got '" + text + "'");
    }

    @ParameterizedTest
    @CsvSource({
        // choice, GPUs, slot → choice of the run in that slot
        "auto,  2, 0, gpu:0",
        "auto,  2, 1, gpu:1",
        "auto,  2, 2, gpu:0",
        "auto,  2, 3, gpu:1",
        "gpu,   3, 4, gpu:1",
        "auto,  0, 3, auto",
        "cpu,   4, 1, cpu",
        "gpu:1, 4, 0, gpu:1",
        "gpu:1, 4, 3, gpu:1"
    })
    void parallelRunsAreSpreadOverTheGpus(String choice, int gpus, int slot, String expected) {
        assertThat(DeviceChoice.parse(choice, "--device").forSlot(slot, gpus).toString())
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "cpu", "gpu", "gpu:7"})
    void textRoundTrips(String text) {
        assertThat(DeviceChoice.parse(text, "x").toString()).isEqualTo(text);
    }
}
