package dev.fess.synth;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * BraTS-like brain MRI phantom: four co-registered sequences (FLAIR, T1, T1ce, T2) of a head with scalp, skull,
 * CSF, cortex, white matter, deep grey nuclei and ventricles, smoothly deformed per case, carrying a glioma made of
 * edema (label 2), enhancing rim (label 4) and necrotic core (label 1).
 *
 * <p>Geometry is drawn in normalised coordinates {@code [-1, 1]³} (see {@link Grid}): the head is a deformed
 * ellipsoid whose radius {@code ρ} (1 at the skin) defines the layers; the tumour is three nested irregular blobs,
 * each the level set {@code |x − c|/R + a·tanh(f(x)) < 1} of a low-frequency random field {@code f}. Core radius is
 * log-uniform between 3 voxels and 0.22 (so some tumours are small), edema 1.3–2.3 × the core.
 *
 * <p>Intensity of a voxel in sequence s is the tissue's nominal value (table below, arbitrary units ≈ 0…1000),
 * lesions as {@code WM + contrast·κ·(lesion − WM)} with a per-case factor κ, edema fading to 35 % of its contrast
 * at its border with a faint unlabelled fringe beyond, then a 3-tap blur, a multiplicative bias field
 * {@code exp(0.1·bias·f)} (f a unit-variance smooth field), a per-case scanner gain in 0.85–1.2, and Rician noise
 * {@code |s + σ(n₁ + i·n₂)|} with {@code σ = 0.06·noise·WM_s}. Background outside the head is exactly 0.
 */
public final class BrainPhantom extends AbstractPhantom {
    /** Channel names in stored order. */
    public static final List<String> CHANNELS = List.of("flair", "t1", "t1ce", "t2");

    private static final int WM = BrainTissue.WHITE_MATTER.ordinal();
    private static final int EDEMA = BrainTissue.EDEMA.ordinal();
    /** Nominal intensity per tissue (rows, {@link BrainTissue} order) and sequence (FLAIR, T1, T1ce, T2). */
    private static final float[][] NOMINAL = {
        {0, 0, 0, 0}, // background
        {520, 780, 790, 560}, // scalp
        {60, 90, 95, 70}, // skull
        {110, 180, 190, 950}, // CSF (suppressed on FLAIR)
        {500, 430, 440, 580}, // grey matter
        {400, 600, 610, 420}, // white matter
        {0, 0, 0, 0}, // WM hyperintensity: computed from WM and edema
        {430, 220, 230, 880}, // necrosis: dark on T1 / T1ce
        {760, 360, 380, 780}, // edema: bright on FLAIR / T2
        {680, 470, 1000, 640}, // enhancing: bright on T1ce
    };

    /** A generator whose case {@code i} depends only on ({@code options}, {@code seed}, i). */
    public BrainPhantom(PhantomOptions options, long seed) {
        super(
                PhantomKind.BRATS,
                CHANNELS,
                labels(0, "background", 1, "necrotic tumour core", 2, "peritumoral edema", 4, "enhancing tumour"),
                "BraTS20_Training_%03d",
                options,
                seed);
    }

    @Override
    Drawing draw(SplittableRandom rng, Grid g) {
        int n = g.voxels();
        byte[] tissue = new byte[n];
        float[] ventricleDistance = new float[n];
        anatomy(rng, g, tissue, ventricleDistance);
        float[] edemaDepth = new float[n];
        float[] label = new float[n];
        tumour(rng, g, tissue, label, edemaDepth);
        return new Drawing(tissue, label, intensities(rng, g, tissue, edemaDepth));
    }

    /** Healthy head: fills tissue codes and a normalised ventricle distance (1 at the wall). */
    private static void anatomy(SplittableRandom rng, Grid g, byte[] tissue, float[] ventDist) {
        double scale = uniform(rng, 0.88, 1.0);
        double ax = 0.80 * scale * uniform(rng, 0.95, 1.05);
        double ay = 0.92 * scale * uniform(rng, 0.95, 1.05);
        double az = 0.82 * scale * uniform(rng, 0.95, 1.05);
        double cz = uniform(rng, -0.08, 0.0);
        double scalp = uniform(rng, 0.04, 0.07);
        double skull = uniform(rng, 0.05, 0.08);
        double csf = uniform(rng, 0.02, 0.04);
        double cortex = uniform(rng, 0.08, 0.12);
        double ventScale = uniform(rng, 0.7, 1.5);
        double wmhLevel = uniform(rng, 3.0, 5.0);
        double capWidth = uniform(rng, 0.0, 0.45);
        double brainEdge = 1 - scalp - skull - csf;
        float[] wx = SmoothField.sample(rng, 5, g, 0.024); // smooth deformation of the whole head
        float[] wy = SmoothField.sample(rng, 5, g, 0.024);
        float[] wz = SmoothField.sample(rng, 5, g, 0.024);
        float[] surface = SmoothField.sample(rng, 6, g, 0.012);
        float[] cortexField = SmoothField.sample(rng, 6, g, 0.15);
        float[] sulci = SmoothField.sample(rng, 16, g, 1);
        float[] wmh = SmoothField.sample(rng, 12, g, 1);
        int v = 0;
        for (int k = 0; k < g.nz; k++) {
            for (int j = 0; j < g.ny; j++) {
                for (int i = 0; i < g.nx; i++, v++) {
                    double x = g.ux[i] + wx[v];
                    double y = g.uy[j] + wy[v];
                    double z = g.uz[k] + wz[v] - cz;
                    double r = Math.sqrt(sq(x / ax) + sq(y / ay) + sq(z / az)) + surface[v];
                    ventDist[v] = Float.MAX_VALUE;
                    BrainTissue t;
                    if (r > 1) {
                        t = BrainTissue.BACKGROUND;
                    } else if (r > 1 - scalp) {
                        t = BrainTissue.SCALP;
                    } else if (r > 1 - scalp - skull) {
                        t = BrainTissue.SKULL;
                    } else if (r > brainEdge) {
                        t = BrainTissue.CSF;
                    } else {
                        double lat = Math.sqrt(sq((Math.abs(x) - 0.10 * ventScale) / (0.055 * ventScale))
                                + sq((y - 0.03 - 0.25 * z * z) / 0.24)
                                + sq((z - 0.06) / (0.09 * ventScale)));
                        ventDist[v] = (float) lat;
                        double cortexInner = brainEdge - cortex * (1 + cortexField[v]);
                        if (lat < 1
                                || (Math.abs(x) < 0.012 && r > 0.5 * brainEdge)
                                || (Math.abs(x) < 0.01 && Math.abs(y + 0.02) < 0.1 && Math.abs(z + 0.04) < 0.08)
                                || (r > cortexInner + 0.1 * cortex && sulci[v] > 1.9)) {
                            t = BrainTissue.CSF;
                        } else if (r > cortexInner
                                || sq((Math.abs(x) - 0.12) / 0.085) + sq((y + 0.08) / 0.12) + sq((z + 0.05) / 0.08) < 1
                                || sq((Math.abs(x) - 0.22) / 0.06) + sq((y - 0.12) / 0.12) + sq(z / 0.08) < 1) {
                            t = BrainTissue.GREY_MATTER;
                        } else if (wmh[v] > wmhLevel || lat < 1 + capWidth * (0.5 + 0.5 * Math.abs(y) / 0.24)) {
                            t = BrainTissue.WHITE_MATTER_HYPERINTENSITY;
                        } else {
                            t = BrainTissue.WHITE_MATTER;
                        }
                    }
                    tissue[v] = (byte) t.ordinal();
                }
            }
        }
    }

    /**
     * Draws a tumour until it has voxels of all three labels, writes labels 1/2/4 and tumour tissues, and the
     * edema depth {@code dEd} (normalised blob distance: < 1 inside the edema) used for the intensity fade.
     */
    private static final int MAX_TUMOUR_ATTEMPTS = 5000;

    private static void tumour(SplittableRandom rng, Grid g, byte[] tissue, float[] label, float[] edemaDepth) {
        float[] coreField = SmoothField.sample(rng, 7, g, 0.5);
        float[] necField = SmoothField.sample(rng, 7, g, 0.5);
        float[] edField = SmoothField.sample(rng, 8, g, 0.5);
        double rMin = Math.max(0.05, 3.0 / g.voxelsPerUnit);
        double rMax = Math.max(0.28, rMin * 1.5);
        // Centres are drawn in the whole head's box and most land outside the deep parenchyma; a few heads need
        // hundreds of draws. Heads that succeed early are unaffected by the limit, so outputs stay as they were.
        for (int attempt = 0; attempt < MAX_TUMOUR_ATTEMPTS; attempt++) {
            double core = Math.exp(uniform(rng, Math.log(rMin), Math.log(rMax)));
            double edema = core * uniform(rng, 1.4, 2.5);
            double necrosis = uniform(rng, 0.35, 0.7);
            double mx = uniform(rng, 0.8, 1.25), my = uniform(rng, 0.8, 1.25), mz = uniform(rng, 0.8, 1.25);
            // centre drawn in continuous coordinates (the same on any grid), checked at its nearest voxel
            double ux = uniform(rng, -1, 1), uy = uniform(rng, -1, 1), uz = uniform(rng, -1, 1);
            int ci = nearest(ux, g.nx), cj = nearest(uy, g.ny), ck = nearest(uz, g.nz);
            int cv = ci + g.nx * (cj + g.ny * ck);
            int ct = tissue[cv];
            if (ct != WM
                    && ct != BrainTissue.GREY_MATTER.ordinal()
                    && ct != BrainTissue.WHITE_MATTER_HYPERINTENSITY.ordinal()) {
                continue;
            }
            double cx = ux, cy = uy, cz = uz;
            if (sq(cx / 0.5) + sq(cy / 0.6) + sq(cz / 0.5) > 1) {
                continue; // keep the centre away from the cortex surface
            }
            int[] count = new int[5];
            float[] lab = new float[label.length];
            Arrays.fill(edemaDepth, Float.MAX_VALUE);
            byte[] tis = tissue.clone();
            double reach = edema * 1.25 * 1.6; // beyond this every blob distance exceeds 1.2
            int i0 = Math.max(0, (int) ((cx - reach + 1) / 2 * g.nx)),
                    i1 = Math.min(g.nx - 1, (int) ((cx + reach + 1) / 2 * g.nx) + 1);
            int j0 = Math.max(0, (int) ((cy - reach + 1) / 2 * g.ny)),
                    j1 = Math.min(g.ny - 1, (int) ((cy + reach + 1) / 2 * g.ny) + 1);
            int k0 = Math.max(0, (int) ((cz - reach + 1) / 2 * g.nz)),
                    k1 = Math.min(g.nz - 1, (int) ((cz + reach + 1) / 2 * g.nz) + 1);
            for (int k = k0; k <= k1; k++) {
                for (int j = j0; j <= j1; j++) {
                    for (int i = i0; i <= i1; i++) {
                        int v = i + g.nx * (j + g.ny * k);
                        double r =
                                Math.sqrt(sq((g.ux[i] - cx) / mx) + sq((g.uy[j] - cy) / my) + sq((g.uz[k] - cz) / mz));
                        double dCore = r / core + 0.22 * Math.tanh(coreField[v]);
                        double dNec = r / (core * necrosis) + 0.3 * Math.tanh(necField[v]);
                        double dEd = r / edema + 0.25 * Math.tanh(edField[v]);
                        int t = tis[v];
                        boolean parenchyma = t == WM
                                || t == BrainTissue.GREY_MATTER.ordinal()
                                || t == BrainTissue.WHITE_MATTER_HYPERINTENSITY.ordinal();
                        boolean inBrain = parenchyma || (t == BrainTissue.CSF.ordinal() && r < core);
                        if (dCore < 1 && inBrain) {
                            boolean nec = dNec < 1;
                            lab[v] = nec ? 1 : 4;
                            tis[v] = (byte) (nec ? BrainTissue.NECROSIS : BrainTissue.ENHANCING).ordinal();
                            count[nec ? 1 : 4]++;
                        } else if (dEd < 1 && parenchyma) {
                            lab[v] = 2;
                            tis[v] = (byte) EDEMA;
                            count[2]++;
                        }
                        if (parenchyma || lab[v] != 0) {
                            edemaDepth[v] = (float) dEd;
                        }
                    }
                }
            }
            if (count[1] >= 3 && count[2] >= 3 && count[4] >= 3) {
                System.arraycopy(lab, 0, label, 0, label.length);
                System.arraycopy(tis, 0, tissue, 0, tissue.length);
                return;
            }
        }
        throw new IllegalStateException(
                "could not place a tumour with all three labels in " + MAX_TUMOUR_ATTEMPTS + " attempts");
    }

    private float[] intensities(SplittableRandom rng, Grid g, byte[] tissue, float[] edemaDepth) {
        int n = g.voxels();
        int seqs = CHANNELS.size();
        float[] out = new float[n * seqs];
        SplittableRandom noise = rng.split(); // own stream: the noise knob does not change anything else
        double contrast = options.contrast();
        double kEdema = uniform(rng, 0.5, 1.1);
        double kEnh = uniform(rng, 0.7, 1.2);
        double kNec = uniform(rng, 0.7, 1.2);
        double wmhStrength = uniform(rng, 0.4, 0.85);
        float[] texture = SmoothField.sample(rng, 10, g, 0.02); // relative intensity texture of healthy tissue
        float[] lesionTexture = SmoothField.sample(rng, 10, g, 1);
        for (int s = 0; s < seqs; s++) {
            double gain = uniform(rng, 0.85, 1.2);
            float[] biasField = SmoothField.sample(rng, 3, g, 1);
            double wm = NOMINAL[WM][s];
            double edemaDelta = NOMINAL[EDEMA][s] - wm;
            int off = s * n;
            for (int v = 0; v < n; v++) {
                int t = tissue[v];
                double val;
                if (t == BrainTissue.EDEMA.ordinal()) {
                    double fade = 1 - 0.7 * smoothstep(0.5, 1.0, edemaDepth[v]);
                    val = wm + contrast * kEdema * fade * edemaDelta * (1 + 0.07 * lesionTexture[v]);
                } else if (t == BrainTissue.ENHANCING.ordinal()) {
                    val = wm + contrast * kEnh * (NOMINAL[t][s] - wm) * (1 + 0.05 * lesionTexture[v]);
                } else if (t == BrainTissue.NECROSIS.ordinal()) {
                    val = wm + contrast * kNec * (NOMINAL[t][s] - wm) * (1 + 0.05 * lesionTexture[v]);
                } else if (t == BrainTissue.WHITE_MATTER_HYPERINTENSITY.ordinal()) {
                    val = wm + wmhStrength * edemaDelta;
                } else {
                    val = NOMINAL[t][s];
                    if (t == WM || t == BrainTissue.GREY_MATTER.ordinal()) {
                        val *= 1 + texture[v];
                        double d = edemaDepth[v];
                        if (d >= 1 && d < 1.2) { // unlabelled infiltration fringe
                            val += contrast * kEdema * 0.3 * (1.2 - d) / 0.2 * edemaDelta;
                        }
                    }
                }
                out[off + v] = (float) Math.max(0, val);
            }
            g.blur(out, off);
            double sigma = 0.08 * options.noise() * wm * gain;
            double biasAmp = 0.1 * options.bias();
            for (int v = 0; v < n; v++) {
                if (tissue[v] == 0) {
                    out[off + v] = 0;
                    continue;
                }
                double signal = out[off + v] * gain * Math.exp(biasAmp * biasField[v]);
                if (sigma > 0) {
                    double re = signal + sigma * noise.nextGaussian();
                    double im = sigma * noise.nextGaussian();
                    signal = Math.sqrt(re * re + im * im);
                }
                out[off + v] = (float) signal;
            }
        }
        return out;
    }

    /** The voxel whose centre is nearest to normalised coordinate u on an axis of n voxels. */
    private static int nearest(double u, int n) {
        return Math.max(0, Math.min(n - 1, (int) Math.floor((u + 1) / 2 * n)));
    }

    private static double smoothstep(double e0, double e1, double x) {
        double t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
        return t * t * (3 - 2 * t);
    }
}
