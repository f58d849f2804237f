package dev.fess.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Binary region targets for a sigmoid Dice term: region r of voxel v is 1 when v's class belongs to r. From a
 * class map {@code B × D × H × W} it makes {@code B × R × D × H × W} floats, as {@code onehot(classes) · T^T} with
 * the region table {@code T[r][c] = 1 if c ∈ region r} (overlapping regions such as BraTS WT ⊃ TC ⊃ ET).
 */
public final class RegionTargets implements UnaryOperator<NDArray> {
    private final float[] table;
    private final int regions;
    private final int classes;

    private RegionTargets(List<int[]> regions, int classes) {
        this.regions = regions.size();
        this.classes = classes;
        this.table = new float[this.regions * classes];
        for (int r = 0; r < this.regions; r++) {
            for (int c : regions.get(r)) {
                table[r * classes + c] = 1f;
            }
        }
    }

    /**
     * @param regions per region the classes it contains
     * @param classes number of classes K of the class map
     */
    public static RegionTargets of(List<int[]> regions, int classes) {
        return new RegionTargets(regions, classes);
    }

    @Override
    public NDArray apply(NDArray classMap) {
        Shape s = classMap.getShape();
        NDArray lut = classMap.getManager().create(FloatBuffer.wrap(table), new Shape(regions, classes));
        NDArray oneHot = classMap.toType(DataType.INT64, false).oneHot(classes); // B × D × H × W × K
        NDArray flat =
                oneHot.reshape(-1, classes).toType(DataType.FLOAT32, false).matMul(lut.transpose());
        return flat.reshape(s.get(0), s.get(1), s.get(2), s.get(3), regions).transpose(0, 4, 1, 2, 3);
    }
}
