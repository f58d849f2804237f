package dev.fess.cli;

import dev.fess.UserInputException;
import dev.fess.io.WriteFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fess} command: one subcommand per pipeline stage. */
@Command(
        name = "fess",
        mixinStandardHelpOptions = true,
        versionProvider = FessMain.Version.class,
        description = "3D medical image segmentation with the FESS loss (λ·Dice + (1−λ)·supervised contrastive).",
        subcommands = {
            InfoCommand.class,
            SynthCommand.class,
            DatasetCommand.class,
            PlanCommand.class,
            TrainCommand.class,
            PredictCommand.class,
            EvaluateCommand.class,
            ExperimentCommand.class,
            DemoCommand.class,
            RealDataCommand.class,
            DoctorCommand.class,
            CommandLine.HelpCommand.class
        })
public final class FessMain extends CommandGroup {
    /** Exit code for bad input (file, option, dataset): a one-line reason is printed. */
    public static final int EXIT_USAGE = 2;

    /** Runs the {@code fess} command line and exits with its code ({@link #EXIT_USAGE} for bad user input). */
    public static void main(String[] args) {
        setEngineDefaults();
        int code = commandLine().execute(args);
        System.exit(code);
    }

    /** DJL system properties every fess process sets unless the user did: offline, no graph optimiser. */
    public static void setEngineDefaults() {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        // fess runs eager PyTorch only; the TorchScript graph optimiser does not apply and only logs a notice.
        System.setProperty(
                "ai.djl.pytorch.graph_optimizer", System.getProperty("ai.djl.pytorch.graph_optimizer", "false"));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        return commandLine(ExperimentCommand.Executors.TRAINING);
    }

    /** As {@link #commandLine()}, with {@code fess experiment} running its runs through {@code executors}. */
    static CommandLine commandLine(ExperimentCommand.Executors executors) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> type) throws Exception {
                if (type == ExperimentCommand.class) {
                    return (K) new ExperimentCommand(executors);
                }
                if (type == ExperimentCommand.Run.class) {
                    return (K) new ExperimentCommand.Run(executors);
                }
                return defaults.create(type);
            }
        };
        return withUserErrors(new CommandLine(new FessMain(), factory));
    }

    /** A command line whose user errors print one line and exit {@link #EXIT_USAGE} (as every fess command). */
    public static CommandLine withUserErrors(CommandLine cl) {
        cl.setExecutionExceptionHandler(FessMain::handleExecutionException);
        return cl;
    }

    private static int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        String reason = userReason(ex);
        if (reason != null) {
            err.println(cl.getCommandSpec().qualifiedName() + ": " + asFlag(ex, reason, cl.getParseResult()));
            err.flush();
            return EXIT_USAGE;
        }
        throw new RuntimeException(ex);
    }

    /** The innermost message of a chain of exceptions (first line), for wrapping in a user-facing message. */
    public static String userReasonOrMessage(Throwable ex) {
        Throwable t = ex;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.lines().findFirst().orElse("").strip();
    }

    /**
     * {@code reason} with its leading setting name written as the flag that gave the value ({@code held_out: ...} →
     * {@code --held-out: ...}), when the user error names a setting and that flag was given on the command line; and
     * the setting it names last as the remedy ({@code overwrite replaces it}) written as the command's flag for it
     * ({@code --overwrite replaces it}), when the command has one.
     */
    static String asFlag(Throwable ex, String reason, CommandLine.ParseResult parsed) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof UserInputException u) {
                String setting = u.setting();
                if (setting == null || parsed == null || !reason.startsWith(setting)) {
                    return reason;
                }
                String text = reason;
                String remedy = u.remedy();
                int at = remedy == null ? -1 : text.lastIndexOf(remedy);
                if (at > setting.length() && parsed.commandSpec().findOption(flagOf(remedy)) != null) {
                    text = text.substring(0, at) + flagOf(remedy) + text.substring(at + remedy.length());
                }
                String flag = flagOf(setting);
                return parsed.hasMatchedOption(flag) ? flag + text.substring(setting.length()) : text;
            }
        }
        return reason;
    }

    private static String flagOf(String setting) {
        return "--" + setting.replace('_', '-');
    }

    /** The one-line reason for a user error, or null when the exception is a bug. */
    public static String userReason(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof UserInputException u) {
                return u.getMessage();
            }
            if (t instanceof NoSuchFileException n) {
                return "no such file: " + n.getFile();
            }
            if (t instanceof WriteFailedException w) {
                return w.getMessage();
            }
            if (t instanceof FileSystemException f && f.getFile() != null) {
                return f.getFile() + ": " + fileSystemReason(f);
            }
            if (t instanceof UncheckedIOException || t instanceof IOException) {
                if (t.getCause() == null || !(t.getCause() instanceof IOException)) {
                    return t.getMessage();
                }
            }
        }
        return null;
    }

    /** The reason of a file-system failure in words: the system's, else one by the exception's kind. */
    private static String fileSystemReason(FileSystemException f) {
        if (f.getReason() != null && !f.getReason().isBlank()) {
            return f.getReason();
        }
        if (f instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (f instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (f instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (f instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        return f.getClass().getSimpleName();
    }

    /** Reads the version Maven filtered into the jar. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"fess " + version(), "Java " + System.getProperty("java.version")};
        }

        /** The fess version from the jar's {@code fess-version.properties}; {@code unknown} when absent. */
        public static String version() {
            try (InputStream in = FessMain.class.getResourceAsStream("/fess-version.properties")) {
                Properties p = new Properties();
                if (in != null) {
                    p.load(in);
                }
                return p.getProperty("version", "unknown");
            } catch (IOException e) {
                return "unknown";
            }
        }
    }
}
