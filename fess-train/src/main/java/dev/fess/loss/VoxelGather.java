package dev.fess.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Gathers the embedding vectors of chosen voxels without touching the rest of the volume. */
final class VoxelGather {

    private VoxelGather() {}

    /**
     * Rows {@code z[m] = embeddings[b_m, :, n_m]} for grid points {@code g_m = b_m·N + n_m}.
     *
     * @param embeddings {@code B × E × grid…} (N = product of the grid)
     * @param points flat grid points {@code b·N + n}, {@code M} of them
     * @return {@code M × E}, differentiable (a single {@code take} on the flattened array)
     */
    static NDArray rows(NDArray embeddings, int[] points) {
        Shape s = embeddings.getShape();
        long e = s.get(1);
        long n = s.size() / (s.get(0) * e);
        long[] index = new long[Math.multiplyExact(points.length, (int) e)];
        int k = 0;
        for (int point : points) {
            long b = point / n;
            long voxel = point % n;
            long base = b * e * n + voxel;
            for (long c = 0; c < e; c++) {
                index[k++] = base + c * n;
            }
        }
        NDArray idx = embeddings.getManager().create(index, new Shape(points.length, e));
        return embeddings.take(idx);
    }

    /**
     * @param x row-major B × grid array of integers, any numeric type
     * @return its values on the host
     */
    static int[] hostInts(NDArray x) {
        return x.toType(DataType.INT32, false).toIntArray();
    }
}
