package dev.fess.preprocess;

import dev.fess.UserInputException;
import dev.fess.dataset.CaseFiles;
import dev.fess.dataset.Dataset;
import dev.fess.dataset.LabelMapping;
import dev.fess.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Preprocessed cases on disk, one file per case, in a directory named by {@link PreprocessPlan#key()} under a
 * root: a different plan gets a different directory, so a changed setting never reuses stale data.
 *
 * <p>Case file ({@code <id>.fpc}), all little-endian:
 * <pre>
 *   8 bytes  magic "FESSPRE\0"
 *   int32    format version ({@value #FORMAT_VERSION})
 *   int32    header length L
 *   L bytes  UTF-8 JSON {@link CacheFileHeader}: id, channels, shape, foreground counts, geometry, offsets
 *   padding  to a multiple of 64
 *   float32  image C×D×H×W                      at imageOffset
 *   uint8    class map D×H×W (labelled only)     at classesOffset
 *   int32    foreground locations, class 1, 2, … at foregroundOffset
 * </pre>
 * Files are written through {@link AtomicFiles} (a new temporary file under an unpredictable name) and renamed
 * atomically; reading maps the file
 * ({@link FileChannel#map}), so later epochs never parse NIfTI nor copy the volume onto the heap.
 */
public final class PreprocessCache {
    /** Version of the case file layout. */
    public static final int FORMAT_VERSION = 1;

    private static final byte[] MAGIC = "FESSPRE\0".getBytes(StandardCharsets.US_ASCII);
    private static final Logger LOG = LoggerFactory.getLogger(PreprocessCache.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PreprocessPlan plan;
    private final Path directory;
    private boolean progress = true;

    /**
     * Opens (creating when needed) the cache directory {@code root/<plan key>} and records the plan in
     * {@code plan.json} there.
     */
    public PreprocessCache(Path root, PreprocessPlan plan) throws IOException {
        this.plan = plan;
        this.directory = root.resolve(plan.key());
        Files.createDirectories(directory);
        Path planFile = directory.resolve("plan.json");
        if (Files.exists(planFile)) {
            PreprocessPlan stored = PreprocessPlan.fromJson(Files.readString(planFile));
            if (!stored.equals(plan)) {
                throw new IllegalStateException("cache " + directory + " holds another plan with the same key");
            }
        } else {
            AtomicFiles.write(planFile, plan.toJson().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Whether {@link #build} shows a progress bar on stderr (default true). */
    public PreprocessCache progress(boolean show) {
        this.progress = show;
        return this;
    }

    public PreprocessPlan plan() {
        return plan;
    }

    /** The directory of this plan's files. */
    public Path directory() {
        return directory;
    }

    /** The file of a case. */
    public Path file(String id) {
        return directory.resolve(id.replaceAll("[^A-Za-z0-9._-]", "_") + ".fpc");
    }

    /** Whether a complete file exists for the case. */
    public boolean contains(String id) {
        return Files.isRegularFile(file(id));
    }

    /**
     * Makes sure every case is in the cache — preprocessing (in parallel) only those that are not — and opens them.
     *
     * @param threads number of cases preprocessed at once (memory grows with it)
     * @return the cached cases in the order of {@code cases}
     */
    public List<CachedCase> build(Dataset dataset, List<CaseFiles> cases, LabelMapping mapping, int threads)
            throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        // one builder per cache directory at a time in this JVM (parallel runs of an experiment share the cache);
        // across processes the unique temporary names of write() keep every file whole
        synchronized (LOCKS.computeIfAbsent(directory.toAbsolutePath().normalize(), k -> new Object())) {
            buildMissing(dataset, cases, mapping, threads);
        }
        List<CachedCase> out = new ArrayList<>(cases.size());
        for (CaseFiles c : cases) {
            out.add(read(file(c.id())));
        }
        return out;
    }

    private static final ConcurrentMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private void buildMissing(Dataset dataset, List<CaseFiles> cases, LabelMapping mapping, int threads)
            throws IOException {
        List<CaseFiles> missing = new ArrayList<>();
        for (CaseFiles c : cases) {
            if (!contains(c.id())) {
                missing.add(c);
            }
        }
        if (!missing.isEmpty()) {
            LOG.info("preprocessing {} of {} cases into {}", missing.size(), cases.size(), directory);
            Preprocessor pre = new Preprocessor(plan);
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "fess-preprocess");
                t.setDaemon(true);
                return t;
            });
            ProgressBar bar = progress
                    ? new ProgressBarBuilder()
                            .setTaskName("preprocess")
                            .setInitialMax(missing.size())
                            .setConsumer(new ConsoleProgressBarConsumer(System.err))
                            .build()
                    : null;
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (CaseFiles c : missing) {
                    futures.add(pool.submit(() -> {
                        try {
                            write(pre.preprocess(dataset.load(c), mapping), file(c.id()));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        if (bar != null) {
                            bar.step();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while preprocessing", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof UncheckedIOException u) {
                    throw u.getCause();
                }
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(cause);
            } finally {
                pool.shutdownNow();
                if (bar != null) {
                    bar.close();
                }
            }
        }
    }

    /** Opens a cached case. */
    public CachedCase open(String id) throws IOException {
        return read(file(id));
    }

    /** Writes one case file atomically. */
    public static void write(PreprocessedCase p, Path file) throws IOException {
        int n = p.voxels();
        int[] counts = new int[p.foregroundLocations() == null ? 0 : p.foregroundLocations().length];
        long fgTotal = 0;
        for (int c = 1; c < counts.length; c++) {
            counts[c] = p.foregroundLocations()[c].length;
            fgTotal += counts[c];
        }
        // offsets depend on the header length, which depends on the offsets' digits: fix them after one pass
        CacheFileHeader h = new CacheFileHeader(
                p.id(), p.channels(), p.shape(), p.classes() != null, counts, p.geometry(), 0, 0, 0);
        byte[] json = JSON.writeValueAsBytes(h);
        for (int pass = 0; pass < 3; pass++) {
            long imageOffset = align(MAGIC.length + 8 + json.length + 64);
            long classesOffset = imageOffset + 4L * n * p.channels();
            long fgOffset = align(classesOffset + (p.classes() == null ? 0 : n));
            h = new CacheFileHeader(
                    p.id(),
                    p.channels(),
                    p.shape(),
                    p.classes() != null,
                    counts,
                    p.geometry(),
                    imageOffset,
                    classesOffset,
                    fgOffset);
            json = JSON.writeValueAsBytes(h);
        }
        writeCaseFile(file, p, h, json, n, counts, h.foregroundOffset() + 4 * fgTotal);
    }

    private static void writeCaseFile(
            Path file, PreprocessedCase p, CacheFileHeader h, byte[] json, int n, int[] counts, long total)
            throws IOException {
        AtomicFiles.write(file, ch -> {
            ByteBuffer head = ByteBuffer.allocate((int) h.imageOffset()).order(ByteOrder.LITTLE_ENDIAN);
            head.put(MAGIC).putInt(FORMAT_VERSION).putInt(json.length).put(json);
            head.position(0);
            writeFully(ch, head, 0);
            ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            float[] img = p.image();
            writeChunked(
                    ch,
                    buf,
                    h.imageOffset(),
                    img.length,
                    (b, i, m) -> b.asFloatBuffer().put(img, i, m));
            if (p.classes() != null) {
                writeFully(ch, ByteBuffer.wrap(p.classes()), h.classesOffset());
            }
            long pos = h.foregroundOffset();
            for (int c = 1; c < counts.length; c++) {
                int[] loc = p.foregroundLocations()[c];
                pos = writeChunked(
                        ch, buf, pos, loc.length, (b, i, m) -> b.asIntBuffer().put(loc, i, m));
            }
            if (ch.size() < total) {
                writeFully(ch, ByteBuffer.allocate(1), total - 1);
            }
            ch.force(false);
        });
    }

    /** Maps and opens one case file. */
    public static CachedCase read(Path file) throws IOException {
        MappedByteBuffer map;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() > Integer.MAX_VALUE) {
                throw new UserInputException(
                        file + ": cached case larger than 2 GiB is not supported, got " + ch.size() + " bytes");
            }
            map = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
        map.order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        if (map.capacity() < MAGIC.length + 8) {
            throw new UserInputException(
                    file + ": expected a fess preprocessed case, got a file of " + map.capacity() + " bytes");
        }
        map.get(0, magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new UserInputException(file + ": expected a fess preprocessed case (magic FESSPRE), got other bytes");
        }
        int version = map.getInt(MAGIC.length);
        if (version != FORMAT_VERSION) {
            throw new UserInputException(file + ": expected cache format version " + FORMAT_VERSION + ", got " + version
                    + " (delete the cache directory to rebuild it)");
        }
        int len = map.getInt(MAGIC.length + 4);
        byte[] json = new byte[len];
        map.get(MAGIC.length + 8, json);
        CacheFileHeader h = JSON.readValue(json, CacheFileHeader.class);
        int[] s = h.shape();
        int n = s[0] * s[1] * s[2];
        FloatBuffer image = map.slice((int) h.imageOffset(), 4 * n * h.channels())
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer();
        ByteBuffer classes = h.labelled() ? map.slice((int) h.classesOffset(), n) : null;
        int[][] fg = null;
        if (h.labelled()) {
            int[] counts = h.foregroundCounts();
            fg = new int[counts.length][];
            fg[0] = new int[0];
            long pos = h.foregroundOffset();
            for (int c = 1; c < counts.length; c++) {
                fg[c] = new int[counts[c]];
                map.slice((int) pos, 4 * counts[c])
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asIntBuffer()
                        .get(fg[c]);
                pos += 4L * counts[c];
            }
        }
        return new CachedCase(h.id(), h.channels(), s, image, classes, fg, h.geometry());
    }

    private static long align(long x) {
        return (x + 63) / 64 * 64;
    }

    /** Puts elements {@code [from, from + count)} of a 4-byte array at the start of a cleared buffer. */
    @FunctionalInterface
    private interface ChunkFill {
        void put(ByteBuffer buf, int from, int count);
    }

    /**
     * Writes {@code length} 4-byte elements at {@code pos} through {@code buf}, as many per write as it holds.
     *
     * @return the position after the last element
     */
    private static long writeChunked(FileChannel ch, ByteBuffer buf, long pos, int length, ChunkFill fill)
            throws IOException {
        for (int i = 0; i < length; ) {
            buf.clear();
            int m = Math.min(length - i, buf.capacity() / 4);
            fill.put(buf, i, m);
            buf.limit(4 * m);
            pos += writeFully(ch, buf, pos);
            i += m;
        }
        return pos;
    }

    private static int writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        int n = 0;
        while (b.hasRemaining()) {
            n += ch.write(b, pos + n);
        }
        return n;
    }

    /**
     * The JSON header of a case file.
     *
     * @param shape {D, H, W}
     * @param foregroundCounts number of stored locations per class index (entry 0 unused)
     */
    public record CacheFileHeader(
            String id,
            int channels,
            int[] shape,
            boolean labelled,
            int[] foregroundCounts,
            GeometryRecord geometry,
            long imageOffset,
            long classesOffset,
            long foregroundOffset) {}
}
