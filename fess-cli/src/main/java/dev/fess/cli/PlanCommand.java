package dev.fess.cli;

import dev.fess.config.ConfigKeys;
import dev.fess.config.TrainingConfig;
import dev.fess.io.AtomicFolder;
import dev.fess.run.RunDirectory;
import dev.fess.train.RunPlanner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fess plan}: the planning stage of training on its own (nnU-Net's plan and preprocess). See
 * docs/training.md.
 */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        modelTransformer = ConfigOptions.class,
        description = {
            "Splits a dataset, plans and caches its preprocessing and chooses what the configuration leaves open "
                    + "(patch, batch, spacing), without training.",
            "PLAN gets config.yaml (every key resolved; edit it), plan.json, splits.json and labels.json; "
                    + "'fess train --plan PLAN --out RUN' trains from it, reusing the preprocessed cases "
                    + "(<PLAN parent>/.fess-cache). The folder appears complete or not at all. The same options as "
                    + "fess train. See docs/training.md."
        })
public final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "PLAN", description = "Plan folder to create.")
    Path out;

    @Option(names = "--config", paramLabel = "YAML", description = "Configuration file the options override.")
    Path config;

    @Option(names = "--overwrite", description = "Replace an existing, non-empty PLAN folder.")
    boolean overwrite;

    @Override
    public Integer call() throws IOException {
        TrainingConfig.Builder b = config != null ? TrainingConfig.read(config) : TrainingConfig.builder();
        ConfigOptions.apply(spec.commandLine().getParseResult(), b, k -> true, "");
        Path target = out.toAbsolutePath().normalize();
        if (b.get(ConfigKeys.CACHE_DIR) == null) {
            // where fess train --plan PLAN finds the preprocessed cases, whatever its --out
            b.set(ConfigKeys.CACHE_DIR, target.getParent().resolve(".fess-cache"), "plan");
        }
        TrainingConfig requested = b.buildForPlanning();
        RunPlanner.Planned p =
                AtomicFolder.write(target, overwrite, "out", folder -> RunPlanner.plan(requested, folder, false));
        int[] patch = p.config().data().patchSize();
        double[] spacing = p.config().data().targetSpacingArray();
        spec.commandLine()
                .getOut()
                .println(String.format(
                        Locale.ROOT,
                        "planned %d training and %d validation cases (fold %d of %d); patch %d×%d×%d, batch %d,"
                                + " spacing %.3g×%.3g×%.3g mm; plan in %s (edit %s, then:"
                                + " fess train --plan %s%s --out RUN)",
                        p.trainCases().size(),
                        p.validationCases().size(),
                        p.config().data().fold(),
                        p.folds(),
                        patch[0],
                        patch[1],
                        patch[2],
                        p.config().data().batch(),
                        spacing[0],
                        spacing[1],
                        spacing[2],
                        out,
                        out.resolve(RunDirectory.CONFIG),
                        out,
                        p.config().loss().arm() == null ? " --loss ARM" : ""));
        return 0;
    }
}
