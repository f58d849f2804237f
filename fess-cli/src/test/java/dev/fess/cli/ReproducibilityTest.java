package dev.fess.cli;

import static dev.fess.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every arm trains to byte-identical results run after run while the machine is busy: busy-loop threads compete
 * for the CPU and a thread keeps the garbage collector working and reuses freed native memory (the conditions under
 * which FESS and InfoNCE runs used to differ, issue 14: DJL's number operands were freed before the backward pass
 * read them, see {@code dev.fess.model.Scalars}). The contrastive arms run in their default (bounded) form and in the
 * published one ({@code arm:paper}).
 */
class ReproducibilityTest {
    static final int RUNS = 5;

    @TempDir
    static Path tmp;

    static Path data;
    static final AtomicBoolean stop = new AtomicBoolean();
    static final List<Thread> load = new ArrayList<>();

    @BeforeAll
    static void dataAndLoad() {
        data = tmp.resolve("data");
        CliRun s = run("synth", "brats", "--cases", "4", "--size", "16", "--seed", "3", "--out", data.toString());
        assertThat(s.code()).as(s.err()).isZero();
        for (int i = 0; i < 2; i++) {
            load.add(daemon("busy", () -> {
                long x = 0;
                while (!stop.get()) {
                    x += System.nanoTime() % 7;
                }
                return x;
            }));
        }
        load.add(daemon("gc-churn", () -> {
            List<ByteBuffer> junk = new ArrayList<>();
            while (!stop.get()) {
                System.gc();
                for (int i = 0; i < 2000; i++) {
                    ByteBuffer b = ByteBuffer.allocateDirect(4 + (i & 15));
                    while (b.hasRemaining()) {
                        b.put((byte) 0x5a);
                    }
                    junk.add(b);
                }
                junk.clear();
                Thread.sleep(2);
            }
            return 0L;
        }));
    }

    @AfterAll
    static void stopLoad() throws InterruptedException {
        stop.set(true);
        for (Thread t : load) {
            t.join();
        }
    }

    interface Work {
        long run() throws Exception;
    }

    static Thread daemon(String name, Work w) {
        Thread t = new Thread(
                () -> {
                    try {
                        w.run();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Training arguments for {@code arm}, or {@code arm:paper} for its published form (the default is bounded);
     * a {@code +ema} suffix adds the moving average of the weights.
     */
    static String[] trainArgs(String armFormAndEma, Path out) {
        boolean ema = armFormAndEma.endsWith("+ema");
        String armAndForm = ema ? armFormAndEma.substring(0, armFormAndEma.length() - 4) : armFormAndEma;
        String[] parts = armAndForm.split(":");
        String arm = parts[0];
        List<String> args = new ArrayList<>(List.of(
                "train",
                "--data",
                data.toString(),
                "--loss",
                arm,
                "--channels",
                "flair",
                "--epochs",
                "2",
                "--iterations",
                "3",
                "--patch",
                "8",
                "--batch",
                "1",
                "--filters",
                "4,8",
                "--seed",
                "11",
                "--out",
                out.toString()));
        if (parts.length > 1) {
            args.addAll(List.of("--contrastive-form", parts[1], "--feature-grad-scale", "1"));
        }
        if (ema) {
            args.addAll(List.of("--ema-decay", "0.9"));
        }
        return args.toArray(new String[0]);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"dice", "fess", "simclr", "infonce", "fess:paper", "simclr:paper", "infonce:paper", "fess+ema"})
    void everyArmGivesOneResultUnderLoad(String arm) throws Exception {
        List<String> metrics = new ArrayList<>();
        List<String> params = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            Path out = tmp.resolve(arm.replace(':', '-').replace('+', '-') + "-" + i);
            CliRun r = run(trainArgs(arm, out));
            assertThat(r.code()).as(r.err()).isZero();
            metrics.add(Files.readString(out.resolve("metrics.csv")));
            params.add(digest(out.resolve("checkpoints/last/model.params")));
        }
        assertThat(metrics).as("metrics.csv of %d %s runs", RUNS, arm).containsOnly(metrics.get(0));
        assertThat(params).as("model.params of %d %s runs", RUNS, arm).containsOnly(params.get(0));
    }

    static String digest(Path file) throws Exception {
        byte[] h = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        return HexFormat.of().formatHex(h);
    }
}
