package dev.fess.cli;

import dev.fess.UserInputException;
import dev.fess.realdata.PieceGrid;
import dev.fess.realdata.RealDatasetWriter;
import dev.fess.realdata.RealSources;
import dev.fess.realdata.RealTask;
import dev.fess.realdata.Subject;
import dev.fess.realdata.SubjectLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fess realdata install}: writes the real-data tasks as MSD datasets, installing their Debian packages. */
@Command(
        name = "install",
        header = "Writes real-data tasks as MSD / nnU-Net datasets (DIR/<task>).",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Writes real-data tasks as MSD / nnU-Net datasets DIR/<task> (dataset.json,",
            "imagesTr, labelsTr; imagesTs + labelsTs with --held-out) for 'fess dataset",
            "check', 'fess train' and 'fess experiment':",
            "  ch2-brain           Colin27 T1 -> brain mask ch2bet > 0",
            "  ch2-aal             Colin27 T1 -> AAL regions grouped into 7 lobes",
            "  inia19-hemispheres  INIA19 macaque T1 -> left/right NeuroMaps structures",
            "  cranium-bone        Cranium CT -> bone by the threshold 226..3071 HU",
            "Sources: Debian mricron-data (the first three), invesalius-examples (CT).",
            "Each subject is resampled to --spacing and cut into --grid disjoint pieces",
            "(one case each, with its own affine). Missing packages are installed with",
            "apt-get when run as root; otherwise the apt command to run is printed.",
            "The same options give byte-identical files. See docs/real-data.md.",
            ""
        })
public final class RealDataInstallCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Parent folder; each task goes to DIR/<task>.")
    Path out;

    @Option(
            names = "--task",
            split = ",",
            paramLabel = "T",
            description = "Tasks to write, comma-separated or repeated (default: all): ch2-brain, ch2-aal, "
                    + "inia19-hemispheres, cranium-bone.")
    List<String> tasks;

    @Option(
            names = "--spacing",
            paramLabel = "MM",
            description = "Resample to this voxel spacing (default: 2 mm; 1 mm for inia19-hemispheres).")
    Double spacing;

    @Option(
            names = "--grid",
            paramLabel = "AxBxC",
            description = "Pieces along i, j, k (default: 2x2x2; 1x2x2 for inia19-hemispheres, which keeps both "
                    + "hemispheres in every piece).")
    String grid;

    @Option(
            names = "--held-out",
            paramLabel = "N",
            description = "Pieces written to imagesTs/labelsTs instead of imagesTr/labelsTr "
                    + "(default: ${DEFAULT-VALUE}).")
    int heldOut = 0;

    @Option(
            names = "--seed",
            paramLabel = "K",
            description = "Seed of the held-out choice (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--overwrite", description = "Replace existing non-empty task folders.")
    boolean overwrite;

    @Option(names = "--no-apt", description = "Never run apt-get; report missing packages instead.")
    boolean noApt;

    @Option(
            names = "--mricron",
            paramLabel = "DIR",
            description = "MRIcron templates folder (default: /usr/share/mricron/templates, from mricron-data).")
    Path mricron;

    @Option(
            names = "--cranium",
            paramLabel = "FILE",
            description =
                    "InVesalius Cranium.inv3 " + "(default: /usr/share/doc/invesalius-examples/examples/Cranium.inv3).")
    Path cranium;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        List<RealTask> chosen = chosenTasks();
        PieceGrid pieceGrid = grid == null ? null : PieceGrid.parse(grid);
        RealSources sources = new RealSources(
                mricron == null ? RealSources.DEBIAN_MRICRON : mricron,
                cranium == null ? RealSources.DEBIAN_CRANIUM : cranium);
        Map<RealTask, RealDatasetWriter> writers = new LinkedHashMap<>();
        for (RealTask t : chosen) {
            RealDatasetWriter w = RealDatasetWriter.builder(t)
                    .spacing(spacing)
                    .grid(pieceGrid)
                    .heldOut(heldOut)
                    .seed(seed)
                    .overwrite(overwrite)
                    .build();
            w.checkTarget(out.resolve(t.cliName()));
            writers.put(t, w);
        }
        ensureSources(chosen, sources, stderr);
        for (Map.Entry<RealTask, RealDatasetWriter> e : writers.entrySet()) {
            RealTask t = e.getKey();
            Subject subject = SubjectLoader.load(t, sources);
            RealDatasetWriter.Result r = e.getValue().write(subject, out.resolve(t.cliName()));
            double[] s = r.spacing();
            stdout.printf(
                    "wrote %s: %d training + %d held-out case%s (grid %s of a %d×%d×%d volume, %.3g×%.3g×%.3g mm)"
                            + " to %s%n",
                    t.cliName(),
                    r.trainingIds().size(),
                    r.testIds().size(),
                    r.testIds().size() == 1 ? "" : "s",
                    e.getValue().grid(),
                    r.shape()[0],
                    r.shape()[1],
                    r.shape()[2],
                    s[0],
                    s[1],
                    s[2],
                    r.folder());
            stdout.flush();
        }
        return 0;
    }

    /** The one-line reason for missing sources: the apt command for Debian's paths, else the options to check. */
    static String missingMessage(List<Path> missing, List<String> packages, boolean debianPaths) {
        String what = missing.get(0)
                + (missing.size() > 1
                        ? " and " + (missing.size() - 1) + " more file" + (missing.size() > 2 ? "s" : "")
                        : "");
        return "missing " + what
                + (debianPaths
                        ? "; install with: " + DebianPackages.command(packages)
                        : " (check --mricron / --cranium)");
    }

    private List<RealTask> chosenTasks() {
        if (tasks == null || tasks.isEmpty()) {
            return List.of(RealTask.values());
        }
        Set<RealTask> s = new LinkedHashSet<>();
        for (String name : tasks) {
            s.add(RealTask.parse(name));
        }
        return new ArrayList<>(s);
    }

    /** Installs the Debian packages of missing default sources as root, else names the command to run. */
    private void ensureSources(List<RealTask> chosen, RealSources sources, PrintWriter log) {
        Set<String> packages = new LinkedHashSet<>();
        List<Path> missing = new ArrayList<>();
        for (RealTask t : chosen) {
            List<Path> m = sources.missing(t);
            if (!m.isEmpty()) {
                packages.add(t.debianPackage());
                missing.addAll(m);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        boolean debianPaths = mricron == null && cranium == null;
        List<String> pkgs = new ArrayList<>(packages);
        if (!debianPaths || noApt || !DebianPackages.runningAsRoot()) {
            throw new UserInputException(missingMessage(missing, pkgs, debianPaths));
        }
        DebianPackages.install(pkgs, log);
        for (RealTask t : chosen) {
            if (!sources.missing(t).isEmpty()) {
                throw new UserInputException("apt-get installed " + String.join(" ", pkgs) + " but "
                        + sources.missing(t).get(0) + " is still missing");
            }
        }
    }
}
