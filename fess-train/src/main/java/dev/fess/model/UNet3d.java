package dev.fess.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A 3D U-Net (Çiçek et al. 2016) as a DJL {@link Block}.
 *
 * <p>Input {@code B × Cin × D × H × W}; D, H and W must be multiples of 2^(L−1) where L is the number of levels
 * (the length of {@link Config#filters()}). Level l has {@code filters[l]} channels at resolution /2^l and two
 * 3×3×3 convolutions (conv → norm → activation, dropout between the two when enabled). The last level is the
 * bottleneck. Down-sampling: 2×2×2 max-pooling, or the first convolution of the level with stride 2. Up-sampling
 * (from level l+1 to l, to {@code filters[l]} channels): {@link VoxelShuffleUpsample} (exactly a kernel-2 stride-2
 * transposed convolution) or a 1×1×1 convolution followed by {@link TrilinearUpsample} (both linear, so this
 * equals up-sampling then convolving). The up-sampled map is concatenated with the encoder skip of level l and
 * passed through two convolutions. A 1×1×1 convolution maps the full-resolution decoder output to the classes.
 *
 * <p>{@link #forward} returns an {@link NDList} in this order:
 * <ol start="0">
 *   <li>{@link #LOGITS}: {@code B × classes × D × H × W} (no sigmoid/softmax; the loss applies it)</li>
 *   <li>{@link #BOTTLENECK}: {@code B × filters[L−1] × D/2^(L−1) × …}</li>
 *   <li>{@link #FEATURES}: decoder output at level {@link Config#featureLevel()} (0 = full resolution, the map
 *       the output convolution reads; L−1 = the bottleneck), {@code B × filters[level] × D/2^level × …}</li>
 *   <li>{@link #FIRST_DEEP_SUPERVISION}…: with deep supervision, logits of decoder levels 1 … L−2 (coarsest
 *       last), {@code B × classes × D/2^l × …}</li>
 * </ol>
 */
public final class UNet3d extends AbstractBlock {

    /** Position of the logits in the output. */
    public static final int LOGITS = 0;
    /** Position of the bottleneck features in the output. */
    public static final int BOTTLENECK = 1;
    /** Position of the decoder features at the chosen level in the output. */
    public static final int FEATURES = 2;
    /** Position of the first deep-supervision logits (level 1) in the output, when enabled. */
    public static final int FIRST_DEEP_SUPERVISION = 3;

    private static final byte VERSION = 1;

    /** Normalisation after each convolution. */
    public enum Norm {
        BATCH,
        INSTANCE,
        GROUP
    }

    /** Non-linearity after each normalisation. */
    public enum Act {
        RELU,
        LEAKY_RELU
    }

    /** How the encoder halves the resolution. */
    public enum Down {
        MAX_POOL,
        STRIDED_CONV
    }

    /** How the decoder doubles the resolution. */
    public enum Up {
        VOXEL_SHUFFLE,
        TRILINEAR
    }

    /**
     * The hyper-parameters of a U-Net; serialisable (see {@link ModelSpec}).
     *
     * @param inChannels input channels Cin
     * @param classes output channels (1 for a sigmoid binary output)
     * @param filters channels per level, encoder first, bottleneck last (at least 2 levels)
     * @param norm normalisation
     * @param groups for {@link Norm#GROUP}: the number of groups, reduced per layer to the largest divisor of the
     *     channel count not above it
     * @param activation ReLU or LeakyReLU(0.01)
     * @param dropout dropout rate between the two convolutions of every level, 0 for none
     * @param down down-sampling
     * @param up up-sampling
     * @param deepSupervision whether to output logits of decoder levels 1 … L−2
     * @param featureLevel level whose decoder output is returned as {@link #FEATURES} (0 … L−1)
     */
    public record Config(
            int inChannels,
            int classes,
            List<Integer> filters,
            Norm norm,
            int groups,
            Act activation,
            float dropout,
            Down down,
            Up up,
            boolean deepSupervision,
            int featureLevel) {

        /** Validates the values. */
        public Config {
            if (inChannels <= 0) {
                throw new IllegalArgumentException("inChannels must be positive; got " + inChannels);
            }
            if (classes <= 0) {
                throw new IllegalArgumentException("classes must be positive; got " + classes);
            }
            if (filters == null || filters.size() < 2) {
                throw new IllegalArgumentException("filters needs at least 2 levels; got " + filters);
            }
            filters = List.copyOf(filters);
            for (int f : filters) {
                if (f <= 0) {
                    throw new IllegalArgumentException("filters must be positive; got " + filters);
                }
            }
            if (groups <= 0) {
                throw new IllegalArgumentException("groups must be positive; got " + groups);
            }
            if (dropout < 0 || dropout >= 1) {
                throw new IllegalArgumentException("dropout must be in [0, 1); got " + dropout);
            }
            if (featureLevel < 0 || featureLevel >= filters.size()) {
                throw new IllegalArgumentException(
                        "featureLevel must be in 0.." + (filters.size() - 1) + "; got " + featureLevel);
            }
            if (norm == null || activation == null || down == null || up == null) {
                throw new IllegalArgumentException("norm, activation, down and up must be set");
            }
        }

        /** @return the number of levels L */
        public int levels() {
            return filters.size();
        }

        /** @return the multiple every spatial size must be: 2^(L−1) */
        public int sizeMultiple() {
            return 1 << (filters.size() - 1);
        }
    }

    private final Config config;
    private final List<Block> encoders = new ArrayList<>();
    private final List<Block> downs = new ArrayList<>();
    private final List<Block> ups = new ArrayList<>();
    private final List<Block> decoders = new ArrayList<>();
    private final List<Block> deepHeads = new ArrayList<>();
    private final Block output;
    private UnaryOperator<NDArray> featureTap;
    private int featureTapLevel;

    private UNet3d(Config config) {
        super(VERSION);
        this.config = config;
        List<Integer> f = config.filters();
        int levels = f.size();
        for (int l = 0; l < levels; l++) {
            boolean strided = l > 0 && config.down() == Down.STRIDED_CONV;
            if (l > 0) {
                downs.add(
                        strided
                                ? null
                                : addChildBlock(
                                        "down" + l, Pool.maxPool3dBlock(new Shape(2, 2, 2), new Shape(2, 2, 2))));
            }
            encoders.add(addChildBlock("enc" + l, doubleConv(f.get(l), strided)));
        }
        for (int l = levels - 2; l >= 0; l--) {
            ups.add(addChildBlock("up" + l, upBlock(f.get(l))));
            decoders.add(addChildBlock("dec" + l, doubleConv(f.get(l), false)));
        }
        output = addChildBlock("out", conv1(config.classes()));
        if (config.deepSupervision()) {
            for (int l = 1; l <= levels - 2; l++) {
                deepHeads.add(addChildBlock("ds" + l, conv1(config.classes())));
            }
        }
    }

    /**
     * @param config hyper-parameters
     * @return a U-Net (uninitialised; call {@link #initialize})
     */
    public static UNet3d of(Config config) {
        return new UNet3d(config);
    }

    /** @return a builder with the defaults (filters 32, 64, 128, 256, 320; instance norm; LeakyReLU) */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The network of the paper's released code: encoder 32/64/128/256 with max-pooling, bottleneck 1024,
     * BatchNorm, ReLU, dropout 0.2, transposed-convolution decoder ({@link VoxelShuffleUpsample}), one output
     * channel (sigmoid applied by the loss / inference).
     *
     * @param inChannels input channels
     * @return the configuration
     */
    public static Config paperPreset(int inChannels) {
        return new Config(
                inChannels,
                1,
                List.of(32, 64, 128, 256, 1024),
                Norm.BATCH,
                8,
                Act.RELU,
                0.2f,
                Down.MAX_POOL,
                Up.VOXEL_SHUFFLE,
                false,
                0);
    }

    /** @return the hyper-parameters */
    public Config getConfig() {
        return config;
    }

    private Block conv3(int filters, int stride) {
        return Conv3d.builder()
                .setKernelShape(new Shape(3, 3, 3))
                .optPadding(new Shape(1, 1, 1))
                .optStride(new Shape(stride, stride, stride))
                .setFilters(filters)
                .optBias(false)
                .build();
    }

    private static Block conv1(int filters) {
        return Conv3d.builder()
                .setKernelShape(new Shape(1, 1, 1))
                .setFilters(filters)
                .build();
    }

    private Block norm(int channels) {
        switch (config.norm()) {
            case BATCH:
                return BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build();
            case INSTANCE:
                return InstanceNorm3d.create();
            case GROUP:
                int g = Math.min(config.groups(), channels);
                while (channels % g != 0) {
                    g--;
                }
                return GroupNorm.of(g);
            default:
                throw new AssertionError(config.norm());
        }
    }

    private Block activation() {
        return config.activation() == Act.RELU ? Activation.reluBlock() : Activation.leakyReluBlock(0.01f);
    }

    private Block doubleConv(int filters, boolean firstStrided) {
        SequentialBlock block = new SequentialBlock();
        block.add(conv3(filters, firstStrided ? 2 : 1)).add(norm(filters)).add(activation());
        if (config.dropout() > 0) {
            block.add(Dropout.builder().optRate(config.dropout()).build());
        }
        block.add(conv3(filters, 1)).add(norm(filters)).add(activation());
        return block;
    }

    private Block upBlock(int filters) {
        if (config.up() == Up.VOXEL_SHUFFLE) {
            return new VoxelShuffleUpsample(filters);
        }
        return new SequentialBlock().add(conv1(filters)).add(new TrilinearUpsample());
    }

    /**
     * Checks that a spatial size can go through the network.
     *
     * @param input input shape {@code B × Cin × D × H × W}
     * @throws IllegalArgumentException naming the required multiple
     */
    public void checkInputShape(Shape input) {
        if (input.dimension() != 5) {
            throw new IllegalArgumentException("UNet3d expects an input B × C × D × H × W; got shape " + input);
        }
        if (input.get(1) != config.inChannels()) {
            throw new IllegalArgumentException(
                    "UNet3d expects " + config.inChannels() + " input channels; got " + input.get(1));
        }
        int m = config.sizeMultiple();
        if (input.get(2) % m != 0 || input.get(3) % m != 0 || input.get(4) % m != 0) {
            throw new IllegalArgumentException("UNet3d with " + config.levels() + " levels needs spatial sizes that"
                    + " are multiples of " + m + "; got " + input.get(2) + "×" + input.get(3) + "×" + input.get(4));
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        checkInputShape(in);
        int levels = config.levels();
        Shape[] skips = new Shape[levels];
        Shape x = in;
        for (int l = 0; l < levels; l++) {
            if (l > 0 && downs.get(l - 1) != null) {
                x = init(downs.get(l - 1), manager, dataType, x);
            }
            x = init(encoders.get(l), manager, dataType, x);
            skips[l] = x;
        }
        int i = 0;
        Shape[] decoded = new Shape[levels];
        for (int l = levels - 2; l >= 0; l--, i++) {
            Shape up = init(ups.get(i), manager, dataType, x);
            Shape cat = new Shape(up.get(0), up.get(1) + skips[l].get(1), up.get(2), up.get(3), up.get(4));
            x = init(decoders.get(i), manager, dataType, cat);
            decoded[l] = x;
        }
        init(output, manager, dataType, x);
        for (int l = 1; l <= deepHeads.size(); l++) {
            init(deepHeads.get(l - 1), manager, dataType, decoded[l]);
        }
    }

    private static Shape init(Block block, NDManager manager, DataType dataType, Shape input) {
        block.initialize(manager, dataType, input);
        return block.getOutputShapes(new Shape[] {input})[0];
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        checkInputShape(input.getShape());
        int levels = config.levels();
        // Arrays that only feed the next layer are closed as soon as it has run (ScopedForward does the same
        // inside each block), as Python's reference counting would. Closing a handle only drops
        // fess's reference: tensors autograd saved for the backward pass stay alive, the others are freed at
        // once instead of at the end of the step (which held every activation of a 128³ inference window).
        NDArray[] skips = new NDArray[levels];
        NDArray x = input;
        for (int l = 0; l < levels; l++) {
            if (l > 0 && downs.get(l - 1) != null) {
                x = one(downs.get(l - 1), ps, x, training);
            }
            NDArray encoded = one(encoders.get(l), ps, x, training);
            if (x != input && (l == 0 || x != skips[l - 1])) {
                x.close();
            }
            x = encoded;
            skips[l] = x;
        }
        if (featureTap != null && featureTapLevel == levels - 1) {
            x = featureTap.apply(x);
        }
        NDArray bottleneck = x;
        NDArray[] decoded = new NDArray[levels];
        decoded[levels - 1] = bottleneck;
        int i = 0;
        for (int l = levels - 2; l >= 0; l--, i++) {
            NDArray up = one(ups.get(i), ps, x, training);
            if (!isOutput(l + 1)) {
                x.close();
            }
            NDArray cat = up.concat(skips[l], 1);
            up.close();
            skips[l].close();
            x = one(decoders.get(i), ps, cat, training);
            cat.close();
            if (featureTap != null && l == featureTapLevel) {
                x = featureTap.apply(x);
            }
            decoded[l] = x;
        }
        NDList out = new NDList(one(output, ps, x, training), bottleneck, decoded[config.featureLevel()]);
        for (int l = 1; l <= deepHeads.size(); l++) {
            out.add(one(deepHeads.get(l - 1), ps, decoded[l], training));
        }
        return out;
    }

    /**
     * Routes the features returned at {@link #FEATURES} through {@code tap} before any later layer reads them (at
     * level 0: before the output convolution), for diagnostics such as the gradient of one loss term at the shared
     * features. The tap must return an array of the same shape whose forward value equals its input; null removes
     * it. Not part of the configuration and not saved.
     *
     * @param tap the tap, or null
     */
    public void setFeatureTap(UnaryOperator<NDArray> tap) {
        setFeatureTap(tap, config.featureLevel());
    }

    /**
     * As {@link #setFeatureTap(UnaryOperator)}, at the output of decoder level {@code level} ({@code L − 1}: the
     * bottleneck, which the global projection head reads).
     *
     * @param tap the tap, or null
     * @param level 0 … L−1
     */
    public void setFeatureTap(UnaryOperator<NDArray> tap, int level) {
        if (level < 0 || level >= config.levels()) {
            throw new IllegalArgumentException("tap level must be in 0.." + (config.levels() - 1) + "; got " + level);
        }
        featureTap = tap;
        featureTapLevel = level;
    }

    /** Whether the decoder output of level l (l = L−1: the bottleneck) is part of the forward's output. */
    private boolean isOutput(int level) {
        return level == config.levels() - 1
                || level == config.featureLevel()
                || (config.deepSupervision() && level >= 1 && level <= config.levels() - 2);
    }

    private static NDArray one(Block block, ParameterStore ps, NDArray x, boolean training) {
        return ScopedForward.one(block, ps, x, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        checkInputShape(in);
        List<Shape> shapes = new ArrayList<>();
        shapes.add(new Shape(in.get(0), config.classes(), in.get(2), in.get(3), in.get(4)));
        shapes.add(levelShape(in, config.levels() - 1));
        shapes.add(levelShape(in, config.featureLevel()));
        for (int l = 1; l <= deepHeads.size(); l++) {
            Shape s = levelShape(in, l);
            shapes.add(new Shape(s.get(0), config.classes(), s.get(2), s.get(3), s.get(4)));
        }
        return shapes.toArray(new Shape[0]);
    }

    private Shape levelShape(Shape in, int level) {
        long f = 1L << level;
        return new Shape(in.get(0), config.filters().get(level), in.get(2) / f, in.get(3) / f, in.get(4) / f);
    }

    /** Builder of {@link Config} / {@link UNet3d}; every option has a default. */
    public static final class Builder {
        private int inChannels = 1;
        private int classes = 2;
        private List<Integer> filters = List.of(32, 64, 128, 256, 320);
        private Norm norm = Norm.INSTANCE;
        private int groups = 8;
        private Act activation = Act.LEAKY_RELU;
        private float dropout;
        private Down down = Down.MAX_POOL;
        private Up up = Up.VOXEL_SHUFFLE;
        private boolean deepSupervision;
        private int featureLevel;

        private Builder() {}

        /** @param v input channels (default 1) @return this */
        public Builder setInChannels(int v) {
            inChannels = v;
            return this;
        }

        /** @param v output classes (default 2) @return this */
        public Builder setClasses(int v) {
            classes = v;
            return this;
        }

        /** @param v channels per level (default 32, 64, 128, 256, 320) @return this */
        public Builder optFilters(int... v) {
            List<Integer> list = new ArrayList<>();
            for (int x : v) {
                list.add(x);
            }
            filters = list;
            return this;
        }

        /** @param v normalisation (default instance) @return this */
        public Builder optNorm(Norm v) {
            norm = v;
            return this;
        }

        /** @param v groups for group norm (default 8) @return this */
        public Builder optGroups(int v) {
            groups = v;
            return this;
        }

        /** @param v activation (default LeakyReLU(0.01)) @return this */
        public Builder optActivation(Act v) {
            activation = v;
            return this;
        }

        /** @param v dropout rate (default 0) @return this */
        public Builder optDropout(float v) {
            dropout = v;
            return this;
        }

        /** @param v down-sampling (default max-pool) @return this */
        public Builder optDown(Down v) {
            down = v;
            return this;
        }

        /** @param v up-sampling (default voxel shuffle) @return this */
        public Builder optUp(Up v) {
            up = v;
            return this;
        }

        /** @param v deep-supervision outputs (default off) @return this */
        public Builder optDeepSupervision(boolean v) {
            deepSupervision = v;
            return this;
        }

        /** @param v level of the returned decoder features (default 0, full resolution) @return this */
        public Builder optFeatureLevel(int v) {
            featureLevel = v;
            return this;
        }

        /** @return the configuration */
        public Config config() {
            return new Config(
                    inChannels,
                    classes,
                    filters,
                    norm,
                    groups,
                    activation,
                    dropout,
                    down,
                    up,
                    deepSupervision,
                    featureLevel);
        }

        /** @return the block */
        public UNet3d build() {
            return new UNet3d(config());
        }
    }
}
