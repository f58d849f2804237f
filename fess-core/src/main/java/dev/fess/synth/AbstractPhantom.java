package dev.fess.synth;

import dev.fess.dataset.LoadedCase;
import dev.fess.volume.Volume;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the phantoms share: kind, options and seed, channel and label names, case ids, and the making of a
 * {@link SyntheticCase} from a drawing on the RAS {@link Grid}. A phantom only draws: {@link #draw} fills tissue
 * codes, raw labels and the image from the case's random stream (seeded by {@link PhantomGenerator#caseSeed}); the
 * base wraps them as volumes with the grid's affine and reorients them to {@link PhantomOptions#orientation()}.
 */
abstract class AbstractPhantom implements PhantomGenerator {
    /** A drawn case on the RAS grid: tissue codes and raw labels per voxel, the image channel-slowest. */
    record Drawing(byte[] tissue, float[] label, float[] image) {}

    private final PhantomKind kind;
    private final List<String> channels;
    private final Map<Integer, String> labels;
    private final String caseIdFormat;
    final PhantomOptions options;
    private final long seed;

    /**
     * @param kind the kind
     * @param channels channel names in stored order
     * @param labels raw label values and names, background included, in order
     * @param caseIdFormat {@link String#format} pattern of the id of case i, given i + 1
     * @param options the knobs
     * @param seed the seed of every case
     */
    AbstractPhantom(
            PhantomKind kind,
            List<String> channels,
            Map<Integer, String> labels,
            String caseIdFormat,
            PhantomOptions options,
            long seed) {
        this.kind = kind;
        this.channels = channels;
        this.labels = labels;
        this.caseIdFormat = caseIdFormat;
        this.options = options;
        this.seed = seed;
    }

    /** Draws one case on {@code g} from {@code rng} (the case's own stream). */
    abstract Drawing draw(SplittableRandom rng, Grid g);

    @Override
    public final PhantomKind kind() {
        return kind;
    }

    @Override
    public final PhantomOptions options() {
        return options;
    }

    @Override
    public final List<String> channelNames() {
        return channels;
    }

    @Override
    public final Map<Integer, String> labelNames() {
        return new LinkedHashMap<>(labels);
    }

    @Override
    public final String caseId(int index) {
        return String.format(caseIdFormat, index + 1);
    }

    @Override
    public final SyntheticCase generate(int index) {
        SplittableRandom rng = new SplittableRandom(PhantomGenerator.caseSeed(seed, index));
        Grid g = new Grid(options);
        Drawing d = draw(rng, g);
        float[] t = new float[d.tissue().length];
        for (int v = 0; v < t.length; v++) {
            t[v] = d.tissue()[v];
        }
        AxisCodes o = options.orientation();
        Volume img = o.fromRas(new Volume(g.nx, g.ny, g.nz, channels.size(), d.image(), g.affine));
        Volume lab = o.fromRas(new Volume(g.nx, g.ny, g.nz, 1, d.label(), g.affine));
        Volume tis = o.fromRas(new Volume(g.nx, g.ny, g.nz, 1, t, g.affine));
        return new SyntheticCase(new LoadedCase(caseId(index), img, lab), tis);
    }

    /** A uniform draw in [lo, hi). */
    static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    static double sq(double a) {
        return a * a;
    }

    /** An ordered label table from value, name pairs. */
    static Map<Integer, String> labels(Object... valueNamePairs) {
        Map<Integer, String> m = new LinkedHashMap<>();
        for (int i = 0; i < valueNamePairs.length; i += 2) {
            m.put((Integer) valueNamePairs[i], (String) valueNamePairs[i + 1]);
        }
        return m;
    }
}
