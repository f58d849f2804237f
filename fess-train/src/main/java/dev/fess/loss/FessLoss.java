package dev.fess.loss;

/**
 * The FESS loss: {@code λ · Dice + (1 − λ) · SupCon}, a {@link CompositeLoss} of {@link DiceLoss} and
 * {@link SupervisedContrastiveLoss} (defaults λ = 0.5, τ = 0.5, K = 256, as in the paper for λ and τ). Inputs as in
 * {@link LossInputs}: view 1's logits and voxel embeddings, the label map.
 */
public final class FessLoss {

    private FessLoss() {}

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of the FESS {@link CompositeLoss}. */
    public static final class Builder {
        private DiceLoss dice;
        private SupervisedContrastiveLoss supCon;
        private float lambda = 0.5f;

        private Builder() {}

        /** @param v the Dice term (default {@code DiceLoss.builder().build()}) @return this */
        public Builder optDice(DiceLoss v) {
            dice = v;
            return this;
        }

        /** @param v the SupCon term (default {@code SupervisedContrastiveLoss.builder().build()}) @return this */
        public Builder optSupCon(SupervisedContrastiveLoss v) {
            supCon = v;
            return this;
        }

        /** @param v λ in [0, 1] (default 0.5) @return this */
        public Builder optLambda(float v) {
            lambda = v;
            return this;
        }

        /** @return λ·Dice + (1−λ)·SupCon */
        public CompositeLoss build() {
            return CompositeLoss.of(
                    "fess",
                    dice == null ? DiceLoss.builder().build() : dice,
                    supCon == null ? SupervisedContrastiveLoss.builder().build() : supCon,
                    lambda);
        }
    }
}
