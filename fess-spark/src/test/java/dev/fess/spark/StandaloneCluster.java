package dev.fess.spark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Spark standalone cluster on this machine: a master and {@code workers} worker JVMs
 * ({@code org.apache.spark.deploy.master.Master} / {@code worker.Worker} as child processes on 127.0.0.1), with
 * this JVM's class path for everything (the workers' executors get it as {@code spark.executor.extraClassPath};
 * SPARK_HOME is an empty folder). Logs go to {@code dir/*.log}.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final Pattern ALIVE = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

    private final List<Process> processes = new ArrayList<>();
    private final String masterUrl;
    private final String classPath = System.getProperty("java.class.path");

    StandaloneCluster(Path dir, int workers, int coresPerWorker) throws IOException, InterruptedException {
        Path home = Files.createDirectories(dir.resolve("spark-home"));
        Files.createDirectories(home.resolve("jars"));
        int port = freePort();
        int ui = freePort();
        masterUrl = "spark://127.0.0.1:" + port;
        start(
                dir,
                home,
                "master",
                List.of(
                        "org.apache.spark.deploy.master.Master",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(port),
                        "--webui-port",
                        Integer.toString(ui)));
        for (int w = 0; w < workers; w++) {
            start(
                    dir,
                    home,
                    "worker" + w,
                    List.of(
                            "org.apache.spark.deploy.worker.Worker",
                            masterUrl,
                            "--host",
                            "127.0.0.1",
                            "--cores",
                            Integer.toString(coresPerWorker),
                            "--memory",
                            "2g",
                            "--webui-port",
                            Integer.toString(freePort()),
                            "--work-dir",
                            Files.createDirectories(dir.resolve("work" + w)).toString()));
        }
        awaitWorkers(ui, workers, Duration.ofSeconds(90));
    }

    String masterUrl() {
        return masterUrl;
    }

    /**
     * The driver settings that make executors of this cluster run fess: this class path, the Java 17 options Spark
     * needs, one OpenMP thread, the loopback address.
     */
    Map<String, String> driverConf() {
        return Map.of(
                "spark.executor.extraClassPath",
                classPath,
                "spark.executor.extraJavaOptions",
                String.join(" ", javaOptions()),
                "spark.executor.memory",
                "1g",
                "spark.executorEnv.OMP_NUM_THREADS",
                "1",
                "spark.driver.host",
                "127.0.0.1",
                "spark.driver.bindAddress",
                "127.0.0.1");
    }

    private void start(Path dir, Path home, String name, List<String> mainAndArgs) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.addAll(javaOptions());
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        processes.add(pb.start());
    }

    /** The {@code --add-opens} list of the build (surefire passes it to this JVM too). */
    static List<String> javaOptions() {
        List<String> o = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens")
                    || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
                    || a.startsWith("-Djdk.reflect")
                    || a.startsWith("-Dio.netty")
                    || a.startsWith("-Dai.djl")) {
                o.add(a);
            }
        }
        return o;
    }

    private static void awaitWorkers(int uiPort, int workers, Duration timeout)
            throws IOException, InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        int alive = 0;
        while (System.nanoTime() < deadline) {
            try {
                String json = http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/json/"))
                                        .timeout(Duration.ofSeconds(2))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                Matcher m = ALIVE.matcher(json);
                alive = m.find() ? Integer.parseInt(m.group(1)) : 0;
                if (alive >= workers) {
                    return;
                }
            } catch (IOException e) {
                // the master is not up yet
            }
            Thread.sleep(500);
        }
        throw new IOException("the standalone cluster did not come up: " + alive + " of " + workers
                + " workers registered (see the *.log files)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
