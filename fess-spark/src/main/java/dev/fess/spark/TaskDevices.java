package dev.fess.spark;

import ai.djl.Device;
import dev.fess.train.DeviceChoice;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import scala.Option;

/**
 * The device of a Spark task: the GPU Spark assigned to the task ({@code spark.task.resource.gpu.amount} and a GPU
 * discovery script configured), else the user's {@code --device} choice resolved on the executor.
 */
final class TaskDevices {
    private TaskDevices() {}

    /** The GPU address Spark gave this task, or null when the task has no GPU resource. */
    static String assignedGpu() {
        TaskContext tc = TaskContext.get();
        if (tc == null) {
            return null;
        }
        Option<ResourceInformation> gpu = tc.resources().get("gpu");
        if (gpu.isEmpty() || gpu.get().addresses().length == 0) {
            return null;
        }
        return gpu.get().addresses()[0];
    }

    /** The device choice of this task: {@code gpu:<address>} when Spark assigned a GPU, else {@code choice}. */
    static DeviceChoice choice(DeviceChoice choice) {
        String gpu = assignedGpu();
        return gpu == null ? choice : DeviceChoice.parse("gpu:" + gpu, "spark.task.resource.gpu");
    }

    static Device device(DeviceChoice choice) {
        return choice(choice).resolve();
    }
}
