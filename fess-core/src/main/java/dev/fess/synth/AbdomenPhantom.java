package dev.fess.synth;

import java.util.List;
import java.util.SplittableRandom;

/**
 * AbdomenCT-1K-like non-contrast abdominal CT phantom in Hounsfield units, labels 1 liver, 2 kidney, 3 spleen,
 * 4 pancreas.
 *
 * <p>In normalised coordinates (x → patient's right, y → anterior, z → superior; see {@link Grid}) the body is an
 * elliptic cylinder with a ragged outline, a subcutaneous fat layer (−100 HU) and a muscle wall (50 HU), lying on a
 * CT table. Inside: a vertebral column with cortical shell (900 HU), cancellous core (250 HU), discs (80 HU) and
 * spinal canal, ribs (upper half, ≈ 600–900 HU), paraspinal and psoas muscles, aorta and IVC (40 HU), a liver on the
 * right (60 HU), kidneys with cortex (40 HU) and medulla (30 HU) and a sinus-fat hilum, a spleen on the left
 * (50 HU), a thin elongated pancreas along a curve from the duodenum to the splenic hilum (40 HU), a stomach with
 * fluid and gas, bowel loops with gas pockets and visceral fat. Every structure is deformed by smooth random fields
 * and varies in size and position per case. Organ HU are {@code 40 + contrast·(HU − 40)} plus a per-case offset of
 * ±5 HU; a 3-tap blur models the scanner's point spread, then Gaussian noise {@code σ = 15·noise} HU; values are
 * rounded and clipped to −1024 … 3071 like int16 CT.
 */
public final class AbdomenPhantom extends AbstractPhantom {
    /** Channel names in stored order. */
    public static final List<String> CHANNELS = List.of("ct");

    /** Nominal HU per tissue in {@link AbdomenTissue} order. */
    private static final float[] HU = {-1000, -100, 50, 900, 250, 80, 10, 40, 30, -900, 150, 60, 40, 30, 50, 40};

    /** A generator whose case {@code i} depends only on ({@code options}, {@code seed}, i). */
    public AbdomenPhantom(PhantomOptions options, long seed) {
        super(
                PhantomKind.ABDOMEN_CT,
                CHANNELS,
                labels(0, "background", 1, "liver", 2, "kidney", 3, "spleen", 4, "pancreas"),
                "Case_%05d",
                options,
                seed);
    }

    @Override
    Drawing draw(SplittableRandom rng, Grid g) {
        byte[] tissue = anatomy(rng, g);
        float[] label = new float[tissue.length];
        for (int v = 0; v < tissue.length; v++) {
            label[v] = labelOf(tissue[v]);
        }
        return new Drawing(tissue, label, intensities(rng, g, tissue));
    }

    private static int labelOf(int tissue) {
        if (tissue == AbdomenTissue.LIVER.ordinal()) {
            return 1;
        }
        if (tissue == AbdomenTissue.KIDNEY_CORTEX.ordinal() || tissue == AbdomenTissue.KIDNEY_MEDULLA.ordinal()) {
            return 2;
        }
        if (tissue == AbdomenTissue.SPLEEN.ordinal()) {
            return 3;
        }
        return tissue == AbdomenTissue.PANCREAS.ordinal() ? 4 : 0;
    }

    /** An axis-aligned ellipsoid with a per-case jitter of centre and size. */
    private record Ellipsoid(double cx, double cy, double cz, double rx, double ry, double rz) {
        static Ellipsoid jittered(
                SplittableRandom rng,
                double cx,
                double cy,
                double cz,
                double rx,
                double ry,
                double rz,
                double shift,
                double scale) {
            double s = uniform(rng, 1 - scale, 1 + scale);
            return new Ellipsoid(
                    cx + uniform(rng, -shift, shift),
                    cy + uniform(rng, -shift, shift),
                    cz + uniform(rng, -shift, shift),
                    rx * s * uniform(rng, 0.92, 1.08),
                    ry * s * uniform(rng, 0.92, 1.08),
                    rz * s * uniform(rng, 0.92, 1.08));
        }

        double distance(double x, double y, double z) {
            return Math.sqrt(sq((x - cx) / rx) + sq((y - cy) / ry) + sq((z - cz) / rz));
        }
    }

    private static byte[] anatomy(SplittableRandom rng, Grid g) {
        int n = g.voxels();
        double bodyScale = uniform(rng, 0.85, 1.02);
        double bodyA = 0.88 * bodyScale, bodyB = 0.62 * bodyScale * uniform(rng, 0.9, 1.08);
        double bodyCy = -0.74 + bodyB; // back resting on the table top at y = -0.74
        double fat = uniform(rng, 0.05, 0.16);
        double wall = uniform(rng, 0.035, 0.06);
        double vertebraHeight = uniform(rng, 0.26, 0.32);
        double vertebraPhase = rng.nextDouble();
        double ribPhase = rng.nextDouble();
        double spineY = bodyCy - bodyB + 0.30;
        Ellipsoid liver = Ellipsoid.jittered(rng, 0.36 * bodyScale, bodyCy + 0.05, 0.38, 0.36, 0.36, 0.45, 0.04, 0.12);
        Ellipsoid liverLeft = Ellipsoid.jittered(rng, 0.02, bodyCy + 0.22, 0.50, 0.26, 0.16, 0.22, 0.04, 0.15);
        Ellipsoid spleen =
                Ellipsoid.jittered(rng, -0.50 * bodyScale, spineY + 0.12, 0.34, 0.11, 0.17, 0.26, 0.03, 0.18);
        Ellipsoid kidneyR = Ellipsoid.jittered(rng, 0.32, spineY + 0.08, -0.15, 0.12, 0.10, 0.27, 0.03, 0.12);
        Ellipsoid kidneyL = Ellipsoid.jittered(rng, -0.32, spineY + 0.09, -0.02, 0.12, 0.10, 0.27, 0.03, 0.12);
        Ellipsoid stomach = Ellipsoid.jittered(rng, -0.24, bodyCy + 0.22, 0.42, 0.17, 0.13, 0.17, 0.04, 0.15);
        double kidneyCortex = uniform(rng, 0.62, 0.75);
        // pancreas: quadratic Bezier from the head (right of midline, near the duodenum) to the splenic hilum
        double[] p0 = {uniform(rng, 0.08, 0.16), spineY + uniform(rng, 0.14, 0.20), uniform(rng, -0.08, 0.04)};
        double[] p1 = {uniform(rng, -0.06, 0.02), spineY + uniform(rng, 0.20, 0.26), uniform(rng, 0.06, 0.14)};
        double[] p2 = {spleen.cx + spleen.rx * 0.6, spleen.cy + uniform(rng, -0.02, 0.04), spleen.cz - 0.1};
        double headRadius = uniform(rng, 0.06, 0.085);
        double tailRadius = uniform(rng, 0.04, 0.055);
        int segments = 40;
        // rows 0..segments: centre and radius along the curve; last row: bounding box (x0, x1, y0, y1, z0, z1)
        double[][] curve = new double[segments + 2][];
        for (int s = 0; s <= segments; s++) {
            double t = (double) s / segments, u = 1 - t;
            curve[s] = new double[4];
            for (int a = 0; a < 3; a++) {
                curve[s][a] = u * u * p0[a] + 2 * u * t * p1[a] + t * t * p2[a];
            }
            curve[s][3] = headRadius + (tailRadius - headRadius) * t;
        }
        double[] box = {1e9, -1e9, 1e9, -1e9, 1e9, -1e9};
        for (int s = 0; s <= segments; s++) {
            for (int a = 0; a < 3; a++) {
                double reach = curve[s][3] * 1.7;
                box[2 * a] = Math.min(box[2 * a], curve[s][a] - reach);
                box[2 * a + 1] = Math.max(box[2 * a + 1], curve[s][a] + reach);
            }
        }
        curve[segments + 1] = box;
        float[] wx = SmoothField.sample(rng, 5, g, 0.02); // smooth deformation of the whole body
        float[] wy = SmoothField.sample(rng, 5, g, 0.02);
        float[] wz = SmoothField.sample(rng, 5, g, 0.02);
        float[] outline = SmoothField.sample(rng, 8, g, 0.006);
        float[] organ = SmoothField.sample(rng, 7, g, 0.5);
        float[] bowel = SmoothField.sample(rng, 10, g, 1);
        float[] gas = SmoothField.sample(rng, 14, g, 1);
        double bowelLevel = uniform(rng, -0.4, 0.8);
        byte[] tissue = new byte[n];
        int v = 0;
        for (int k = 0; k < g.nz; k++) {
            for (int j = 0; j < g.ny; j++) {
                for (int i = 0; i < g.nx; i++, v++) {
                    double x = g.ux[i] + wx[v];
                    double y = g.uy[j] + wy[v];
                    double z = g.uz[k] + wz[v];
                    double rb = Math.sqrt(sq(x / bodyA) + sq((y - bodyCy) / bodyB)) + outline[v];
                    double wobble = 0.1 * Math.tanh(organ[v]);
                    AbdomenTissue t;
                    double dy = y - spineY;
                    double rVert = Math.sqrt(sq(x / 0.11) + sq(dy / 0.095));
                    double zv = (z / vertebraHeight + vertebraPhase) % 1.0;
                    if (zv < 0) {
                        zv += 1;
                    }
                    double canal = Math.sqrt(sq(x) + sq(dy + 0.15)) / 0.04;
                    double theta = Math.atan2(x, y - bodyCy); // 0 anterior, ±π posterior
                    if (rb > 1) {
                        t = (g.uy[j] > -0.80 && g.uy[j] < -0.74 && Math.abs(g.ux[i]) < 0.95)
                                ? AbdomenTissue.TABLE
                                : AbdomenTissue.AIR;
                    } else if (rb > 1 - fat) {
                        t = AbdomenTissue.FAT;
                    } else if (rb > 1 - fat - wall) {
                        t = AbdomenTissue.MUSCLE;
                    } else if (rVert < 1) {
                        t = zv < 0.16
                                ? AbdomenTissue.INTERVERTEBRAL_DISC
                                : rVert > 0.8 ? AbdomenTissue.CORTICAL_BONE : AbdomenTissue.CANCELLOUS_BONE;
                    } else if (canal < 1) {
                        t = AbdomenTissue.CSF;
                    } else if (canal < 1.8 && zv >= 0.16
                            || (Math.abs(x) < 0.025 && dy < -0.2 && zv > 0.3 && zv < 0.8)) {
                        t = AbdomenTissue.CORTICAL_BONE;
                    } else if (z > -0.25
                            && rb > 1 - fat - wall - 0.05
                            && Math.abs(theta) > 0.35
                            && Math.sin(2 * Math.PI * (z * 3.2 + ribPhase + 0.25 * Math.abs(theta))) > 0.55) {
                        t = AbdomenTissue.CORTICAL_BONE;
                    } else if (sq((Math.abs(x) - 0.14) / 0.09) + sq((dy + 0.14) / 0.075) < 1) {
                        t = AbdomenTissue.MUSCLE; // paraspinal
                    } else if (sq((Math.abs(x) - 0.15) / (0.035 + 0.03 * (1 - z) / 2)) + sq(dy / 0.05) < 1) {
                        t = AbdomenTissue.MUSCLE; // psoas, thicker inferiorly
                    } else if (sq((x + 0.04) / 0.045) + sq((dy - 0.14) / 0.045) < 1
                            || sq((x - 0.09) / 0.05) + sq((dy - 0.15) / 0.04) < 1) {
                        t = AbdomenTissue.VESSEL;
                    } else {
                        t = viscera(
                                x,
                                y,
                                z,
                                wobble,
                                liver,
                                liverLeft,
                                spleen,
                                kidneyR,
                                kidneyL,
                                kidneyCortex,
                                stomach,
                                curve,
                                bowel[v],
                                gas[v],
                                bowelLevel,
                                y - bodyCy);
                    }
                    tissue[v] = (byte) t.ordinal();
                }
            }
        }
        return tissue;
    }

    private static AbdomenTissue viscera(
            double x,
            double y,
            double z,
            double wobble,
            Ellipsoid liver,
            Ellipsoid liverLeft,
            Ellipsoid spleen,
            Ellipsoid kidneyR,
            Ellipsoid kidneyL,
            double cortex,
            Ellipsoid stomach,
            double[][] curve,
            float bowel,
            float gas,
            double bowelLevel,
            double yBody) {
        for (int side = 0; side < 2; side++) {
            Ellipsoid kidney = side == 0 ? kidneyR : kidneyL;
            double d = kidney.distance(x, y, z) + 0.5 * wobble;
            if (d < 1) {
                double medial = -Math.signum(kidney.cx) * (x - kidney.cx) / kidney.rx;
                if (medial > 0.45 && Math.abs(z - kidney.cz) < 0.4 * kidney.rz) {
                    return AbdomenTissue.FAT; // hilum opening medially
                }
                return d > cortex ? AbdomenTissue.KIDNEY_CORTEX : AbdomenTissue.KIDNEY_MEDULLA;
            }
        }
        double pancreas = Double.MAX_VALUE;
        double[] box = curve[curve.length - 1];
        boolean near = x > box[0] && x < box[1] && y > box[2] && y < box[3] && z > box[4] && z < box[5];
        for (int s = 0; near && s < curve.length - 1; s++) {
            double[] p = curve[s];
            double r = p[3] * (1 + 0.6 * wobble);
            double d2 = (sq(x - p[0]) + sq(y - p[1]) + sq(z - p[2])) / (r * r);
            pancreas = Math.min(pancreas, d2);
        }
        if (pancreas < 1) {
            return AbdomenTissue.PANCREAS;
        }
        if (spleen.distance(x, y, z) + wobble < 1) {
            return AbdomenTissue.SPLEEN;
        }
        if (Math.min(liver.distance(x, y, z), liverLeft.distance(x, y, z)) + wobble < 1) {
            return AbdomenTissue.LIVER;
        }
        double ds = stomach.distance(x, y, z) + 0.5 * wobble;
        if (ds < 1) {
            if (ds > 0.82) {
                return AbdomenTissue.BOWEL; // wall
            }
            return (y - stomach.cy) / stomach.ry > 0.35 ? AbdomenTissue.GAS : AbdomenTissue.BOWEL;
        }
        if (bowel > bowelLevel && yBody > -0.2 && z < 0.35) {
            return gas > 2.7 ? AbdomenTissue.GAS : AbdomenTissue.BOWEL;
        }
        return AbdomenTissue.FAT;
    }

    private float[] intensities(SplittableRandom rng, Grid g, byte[] tissue) {
        int n = g.voxels();
        double contrast = options.contrast();
        float[] hu = HU.clone();
        for (AbdomenTissue t : new AbdomenTissue[] {
            AbdomenTissue.LIVER,
            AbdomenTissue.KIDNEY_CORTEX,
            AbdomenTissue.KIDNEY_MEDULLA,
            AbdomenTissue.SPLEEN,
            AbdomenTissue.PANCREAS,
            AbdomenTissue.MUSCLE,
            AbdomenTissue.VESSEL,
            AbdomenTissue.BOWEL
        }) {
            int o = t.ordinal();
            hu[o] = (float) (40 + contrast * (HU[o] - 40) + uniform(rng, -5, 5));
        }
        hu[AbdomenTissue.FAT.ordinal()] += (float) uniform(rng, -15, 15);
        float[] texture = SmoothField.sample(rng, 12, g, 1);
        float[] out = new float[n];
        SplittableRandom noise = rng.split(); // own stream: the noise knob does not change anything else
        for (int v = 0; v < n; v++) {
            int t = tissue[v];
            double val = hu[t];
            if (t == AbdomenTissue.FAT.ordinal()) {
                val += 6 * texture[v];
            } else if (t >= AbdomenTissue.LIVER.ordinal() || t == AbdomenTissue.BOWEL.ordinal()) {
                val += 2 * texture[v];
            }
            out[v] = (float) val;
        }
        g.blur(out, 0);
        double sigma = 15 * options.noise();
        for (int v = 0; v < n; v++) {
            double val = out[v] + (sigma > 0 ? sigma * noise.nextGaussian() : 0);
            out[v] = (float) Math.max(-1024, Math.min(3071, Math.rint(val)));
        }
        return out;
    }
}
