package dev.fess.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EngineDiagnosisTest {

    @ParameterizedTest
    @CsvSource({
        "(not set), /root/.djl.ai/pytorch/2.7.1-20250812-cpu-linux-x86_64, cpu",
        "(not set), /c/pytorch/2.7.1-cu128-linux-x86_64, cu128",
        "(not set), /c/pytorch/2.7.1-cpu-precxx11-linux-aarch64, cpu-precxx11",
        "(not set), /opt/torch/lib, unknown",
        "cu128, /opt/torch/lib, cu128"
    })
    void flavorFromTheVariableOrDjlsCacheFolder(String variable, String path, String flavor) {
        assertThat(EngineDiagnosis.flavorOf(variable, Path.of(path))).isEqualTo(flavor);
    }

    @Test
    void whyNoGpuNamesTheFirstThingToFix() {
        assertThat(EngineDiagnosis.whyNoGpu(false, true, 0, "cpu"))
                .singleElement()
                .asString()
                .startsWith("the loaded libtorch is a CPU build (flavor cpu)")
                .contains("PYTORCH_LIBRARY_PATH");
        assertThat(EngineDiagnosis.whyNoGpu(true, false, 0, "cu128"))
                .singleElement()
                .asString()
                .contains("no CUDA runtime");
        assertThat(EngineDiagnosis.whyNoGpu(true, true, 0, "cu128"))
                .singleElement()
                .asString()
                .contains("sees no GPU");
        assertThat(EngineDiagnosis.whyNoGpu(true, true, 2, "cu128")).isEmpty();
    }

    @Test
    void thisProcessRunsTheMavenCpuNatives() {
        EngineDiagnosis d = EngineDiagnosis.ofThisProcess();
        assertThat(d.engine()).isEqualTo("PyTorch");
        assertThat(d.engineVersion()).startsWith("2.7.1");
        assertThat(d.gpuCount()).isZero();
        assertThat(d.devices()).containsExactly("cpu");
        assertThat(d.autoDevice()).isEqualTo("cpu");
        assertThat(d.format("--device")).contains("--device auto:        cpu").contains("no GPU because:");
    }

    @Test
    void theReportNamesTheDeviceSettingAndTheCommandLineItsFlag() {
        EngineDiagnosis d = EngineDiagnosis.ofThisProcess();
        assertThat(d.format()).contains("\ndevice auto:").doesNotContain("--");
        assertThat(d.format("--device")).contains("\n--device auto:");
    }
}
