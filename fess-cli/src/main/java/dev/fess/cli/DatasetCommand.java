package dev.fess.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code fess dataset}: commands about dataset folders. */
@Command(
        name = "dataset",
        mixinStandardHelpOptions = true,
        description = "Dataset folders (BraTS, MSD/nnU-Net, AbdomenCT-1K, .npy): integrity check, combination.",
        subcommands = {DatasetCheckCommand.class, DatasetCombineCommand.class, CommandLine.HelpCommand.class})
public final class DatasetCommand extends CommandGroup {}
