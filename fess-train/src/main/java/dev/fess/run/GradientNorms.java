package dev.fess.run;

/**
 * Gradient norms of an epoch's steps, for {@code metrics.csv}. {@code total} is the global L2 norm of the whole
 * loss's parameter gradient before clipping, averaged over every step, {@code max} its largest value (a spike shows
 * there even when the mean hides it). The per-term norms are measured on
 * probe steps only (every {@code Trainer.PROBE_EVERY}-th step), each for its weighted summand as it enters the
 * update ({@code λ·Dice} and {@code (1−λ)·contrastive}):
 * <ul>
 *   <li>{@code diceFeatures}, {@code contrastiveFeatures}: L2 norm of the term's gradient at the shared decoder
 *       features ({@code UNet3d.FEATURES}, the map the voxel head and, at level 0, the output convolution read),
 *       over the whole batch (both views for two-view arms);</li>
 *   <li>{@code diceParameters}, {@code contrastiveParameters}: global L2 norm of the term's gradient over every
 *       trained parameter;</li>
 *   <li>{@code contrastiveCapFactor}: the factor k ≤ 1 the {@code contrastive_grad_cap} put on the contrastive
 *       gradient (1 = the cap did not bind); with a cap every step is a probe step.</li>
 * </ul>
 * The contrastive norms are those that enter the update, after the cap. NaN = not measured (no probe step in the
 * epoch, no contrastive term, or no cap for the factor).
 *
 * @param total mean total norm before clipping
 * @param max largest total norm before clipping
 * @param diceFeatures mean Dice-term norm at the features
 * @param contrastiveFeatures mean contrastive-term norm at the features
 * @param diceParameters mean Dice-term norm over the parameters
 * @param contrastiveParameters mean contrastive-term norm over the parameters
 * @param contrastiveCapFactor mean factor of the contrastive gradient cap
 */
public record GradientNorms(
        double total,
        double max,
        double diceFeatures,
        double contrastiveFeatures,
        double diceParameters,
        double contrastiveParameters,
        double contrastiveCapFactor) {

    /** No measurement. */
    public static final GradientNorms NONE =
            new GradientNorms(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** @return the seven values in column order */
    public double[] values() {
        return new double[] {
            total, max, diceFeatures, contrastiveFeatures, diceParameters, contrastiveParameters, contrastiveCapFactor
        };
    }

    /** @param v seven values in column order @return the norms */
    public static GradientNorms of(double[] v) {
        return new GradientNorms(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
    }

    /** The {@code metrics.csv} column names, in {@link #values()} order. */
    public static final String[] COLUMNS = {
        "grad_norm",
        "grad_norm_max",
        "dice_grad_features",
        "contrastive_grad_features",
        "dice_grad_params",
        "contrastive_grad_params",
        "contrastive_cap_factor"
    };
}
