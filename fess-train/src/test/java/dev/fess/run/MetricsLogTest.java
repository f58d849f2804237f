package dev.fess.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code timing.csv} keeps one row per epoch, also when a resumed run repeats an epoch (issue 14, point 11). */
class MetricsLogTest {
    @TempDir
    Path tmp;

    @Test
    void anEpochRepeatedAfterResumeReplacesItsRow() throws Exception {
        MetricsLog log = new MetricsLog(tmp, List.of("fg"));
        log.timing(1, 1.0, 0.5);
        log.timing(2, 2.0, 0.5);
        // killed after epoch 2 was timed but before its checkpoint: the resumed run trains epoch 2 again
        MetricsLog resumed = new MetricsLog(tmp, List.of("fg"));
        resumed.timing(2, 3.0, 0.25);
        resumed.timing(3, 4.0, 0.25);
        List<String> lines = Files.readAllLines(tmp.resolve("timing.csv"));
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("epoch,train_seconds,val_seconds,finished_at");
        assertThat(lines.subList(1, 4))
                .extracting(l -> l.substring(0, l.indexOf(',', l.indexOf(',') + 1)))
                .containsExactly("1,1.000", "2,3.000", "3,4.000");
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("timing.csv");
        }
    }
}
