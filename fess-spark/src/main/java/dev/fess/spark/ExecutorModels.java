package dev.fess.spark;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.fess.run.RunModel;
import dev.fess.run.RunPredictor;
import dev.fess.train.EngineThreads;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The trained models an executor JVM has loaded: each (run, checkpoint, device, options) once per executor, kept
 * for the executor's lifetime, shared by the tasks that run in it (inference only reads the parameters).
 */
final class ExecutorModels {
    /** A loaded model and the manager that owns its parameters (and the tensors of its predictions). */
    record Loaded(RunPredictor predictor, NDManager manager) {}

    private static final Map<String, Loaded> LOADED = new HashMap<>();
    private static int loads;

    private ExecutorModels() {}

    /**
     * @param threads PyTorch intra-op threads (process-wide), null for the run's
     */
    static synchronized Loaded get(
            String run, String checkpoint, Device device, Integer threads, RunPredictor.Options options)
            throws IOException {
        String key = run + "|" + checkpoint + "|" + device + "|" + threads + "|" + options;
        Loaded l = LOADED.get(key);
        if (l == null) {
            NDManager manager = NDManager.newBaseManager(device);
            RunModel rm = RunModel.load(Path.of(run), checkpoint, manager);
            EngineThreads.set(threads != null ? threads : rm.config().run().threads());
            l = new Loaded(new RunPredictor(rm, options), manager);
            LOADED.put(key, l);
            loads++;
        }
        return l;
    }

    /** How many models this JVM has loaded so far (for the report of a predict job). */
    static synchronized int loads() {
        return loads;
    }
}
