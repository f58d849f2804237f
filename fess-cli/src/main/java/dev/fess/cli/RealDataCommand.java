package dev.fess.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code fess realdata}: real scans from Debian packages written as MSD / nnU-Net datasets. */
@Command(
        name = "realdata",
        mixinStandardHelpOptions = true,
        description = {
            "Real scans to test with, from Debian packages (mricron-data,",
            "invesalius-examples), written as Medical Segmentation Decathlon / nnU-Net",
            "datasets. The scans are not shipped with fess. See docs/real-data.md.",
            ""
        },
        subcommands = {RealDataInstallCommand.class, RealDataListCommand.class, CommandLine.HelpCommand.class})
public final class RealDataCommand extends CommandGroup {}
