package dev.fess.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import dev.fess.model.Scalars;
import dev.fess.model.SegmentationModel;
import dev.fess.model.VoxelProjectionHead;

/**
 * NT-Xent (SimCLR, Chen et al. 2020) with MONAI {@code ContrastiveLoss} semantics, on global embeddings of two
 * augmented views.
 *
 * <p>Inputs a, b: {@code B × E} (row i of a and of b are views of the same patch). With r = [â; b̂] the 2B
 * L2-normalised rows, s_ij = r_i·r_j / τ and pos(i) = i ± B:
 *
 * <pre>  L = 1/(2B) Σ_i −log( exp(s_{i,pos(i)}) / Σ_{j≠i} exp(s_ij) )</pre>
 *
 * so each row has one positive and 2B − 2 negatives. {@link #evaluate} reads
 * {@code predictions[}{@link SegmentationModel#GLOBAL_EMBEDDINGS}{@code ]} of view 1 and of view 2 (see
 * {@link LossInputs}); the labels are not used.
 */
public final class NtXentLoss extends Loss {

    private final float temperature;

    private NtXentLoss(String name, float temperature) {
        super(name);
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0; got " + temperature);
        }
        this.temperature = temperature;
    }

    /**
     * @param temperature τ &gt; 0 (MONAI's default 0.5)
     * @return the loss
     */
    public static NtXentLoss of(float temperature) {
        return new NtXentLoss("ntxent", temperature);
    }

    /** @return τ */
    public float getTemperature() {
        return temperature;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        int second = LossInputs.secondView(predictions);
        return ntXent(
                predictions.get(SegmentationModel.GLOBAL_EMBEDDINGS),
                predictions.get(second + SegmentationModel.GLOBAL_EMBEDDINGS),
                temperature);
    }

    /**
     * @param a {@code B × E}, view 1
     * @param b {@code B × E}, view 2
     * @param tau τ
     * @return scalar loss
     */
    public static NDArray ntXent(NDArray a, NDArray b, float tau) {
        Shape as = a.getShape();
        if (as.dimension() != 2 || !as.equals(b.getShape())) {
            throw new IllegalArgumentException(
                    "NT-Xent expects two B × E arrays of the same shape; got " + as + " and " + b.getShape());
        }
        int batch = (int) as.get(0);
        NDManager m = a.getManager();
        DataType type = a.getDataType();
        NDArray r = VoxelProjectionHead.l2Normalize(a, 1).concat(VoxelProjectionHead.l2Normalize(b, 1), 0);
        int n = 2 * batch;
        NDArray eye = m.eye(n).toType(type, false);
        NDArray half = m.eye(batch).toType(type, false);
        NDArray zero = m.zeros(new Shape(batch, batch), type);
        NDArray positives = zero.concat(half, 1).concat(half.concat(zero, 1), 0); // [[0, I], [I, 0]]
        NDArray logProb =
                Scalars.div(r.matMul(r.transpose()), tau).sub(eye.mul(1e9f)).logSoftmax(1);
        return Scalars.div(logProb.mul(positives).sum().neg(), n);
    }
}
