package dev.fess.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {
    @TempDir
    Path tmp;

    @Test
    void quotesWhatNeedsQuotingAndLeavesUndefinedNumbersEmpty() throws Exception {
        CsvTable t = new CsvTable("case", "dice", "n")
                .row("a,b", 0.1 + 0.2, 3L)
                .row("say \"hi\"", Double.NaN, null)
                .row("line\nbreak", 1e-7, 4);
        String want = "case,dice,n\n\"a,b\",0.30000000000000004,3\n\"say \"\"hi\"\"\",,\n\"line\nbreak\",1.0E-7,4\n";
        assertThat(t.text()).isEqualTo(want);
        Path f = tmp.resolve("t.csv");
        t.write(f);
        assertThat(Files.readString(f)).isEqualTo(want);
    }
}
