package dev.fess.nifti;

/**
 * Statistics of the scaled voxel values, computed in double from the on-disk values while decoding (so float64
 * data keeps its precision even though the volume holds floats). NaN voxels are counted apart and left out of
 * min, max, sum and mean.
 *
 * @param count number of non-NaN values
 * @param nanCount number of NaN values
 * @param min smallest value (NaN when {@code count == 0})
 * @param max largest value (NaN when {@code count == 0})
 * @param sum sum of the values
 */
public record NiftiStatistics(long count, long nanCount, double min, double max, double sum) {

    /** sum / count (NaN when {@code count == 0}). */
    public double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Statistics of float values (used when a volume is not read from disk). */
    public static NiftiStatistics of(float[] data) {
        Accumulator a = new Accumulator();
        for (float v : data) {
            a.add(v);
        }
        return a.result();
    }

    /** Streaming accumulation. */
    static final class Accumulator {
        private long count;
        private long nan;
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;
        private double sum;

        void add(double v) {
            if (v != v) {
                nan++;
                return;
            }
            count++;
            sum += v;
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
        }

        /** Adds the float values {@code data[from, to)}. */
        void addAll(float[] data, int from, int to) {
            double s = 0, lo = min, hi = max;
            long n = 0;
            for (int i = from; i < to; i++) {
                double v = data[i];
                if (v != v) {
                    nan++;
                    continue;
                }
                s += v;
                n++;
                lo = v < lo ? v : lo;
                hi = v > hi ? v : hi;
            }
            sum += s;
            count += n;
            min = lo;
            max = hi;
        }

        /** Adds {@code data[0, n)}. */
        void addAll(double[] data, int n) {
            double s = 0, lo = min, hi = max;
            long k = 0;
            for (int i = 0; i < n; i++) {
                double v = data[i];
                if (v != v) {
                    nan++;
                    continue;
                }
                s += v;
                k++;
                lo = v < lo ? v : lo;
                hi = v > hi ? v : hi;
            }
            sum += s;
            count += k;
            min = lo;
            max = hi;
        }

        NiftiStatistics result() {
            return count == 0
                    ? new NiftiStatistics(0, nan, Double.NaN, Double.NaN, 0)
                    : new NiftiStatistics(count, nan, min, max, sum);
        }
    }
}
