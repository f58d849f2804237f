package dev.fess.cli;

import dev.fess.UserInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Installs Debian packages with {@code apt-get} when fess runs as root; otherwise says which command to run. */
final class DebianPackages {
    private DebianPackages() {}

    /** The command a user runs to install {@code packages}. */
    static String command(List<String> packages) {
        return "sudo apt-get install -y " + String.join(" ", packages);
    }

    /** True when this process runs with user id 0. */
    static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /**
     * Runs {@code apt-get install -y --no-install-recommends PACKAGES} (output to this process's terminal).
     *
     * @throws UserInputException when apt-get cannot be started or fails, with the command to run by hand
     */
    static void install(List<String> packages, PrintWriter log) {
        List<String> cmd = new ArrayList<>(List.of("apt-get", "install", "-y", "--no-install-recommends"));
        cmd.addAll(packages);
        log.println("installing Debian package" + (packages.size() == 1 ? "" : "s") + ": " + String.join(" ", cmd));
        log.flush();
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        int code;
        try {
            code = pb.start().waitFor();
        } catch (IOException e) {
            throw new UserInputException(
                    "cannot run apt-get (" + e.getMessage() + "); install by hand: " + command(packages));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserInputException("interrupted while running apt-get");
        }
        if (code != 0) {
            throw new UserInputException(
                    "apt-get install failed (exit " + code + "); install by hand: " + command(packages));
        }
    }
}
