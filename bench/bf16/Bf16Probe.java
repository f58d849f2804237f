import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Does a bfloat16 tensor reach libtorch through DJL 0.36? One probe per process (a failing probe may abort the
 * JVM): {@code cast} runs {@code NDArray.toType(DataType.BFLOAT16, false)} on a float32 array, {@code create} runs
 * {@code NDManager.create(buffer, shape, DataType.BFLOAT16)}, {@code float16} the same cast to float16 (control).
 * Prints what came back (data type, values read back as float32) or the exception.
 *
 * <p>Usage: {@code java -cp CP Bf16Probe.java cast|create|float16}
 */
public final class Bf16Probe {
    public static void main(String[] args) {
        System.out.println("engine " + Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion()
                + ", DataType.BFLOAT16 ordinal " + DataType.BFLOAT16.ordinal());
        System.out.flush();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1.5f, -2.25f, 3.0f});
            NDArray y;
            switch (args[0]) {
                case "cast" -> y = x.toType(DataType.BFLOAT16, false);
                case "float16" -> y = x.toType(DataType.FLOAT16, false);
                default -> y = m.create(ByteBuffer.allocateDirect(6), new Shape(3), DataType.BFLOAT16);
            }
            System.out.println(args[0] + ": data type " + y.getDataType());
            System.out.flush();
            System.out.println(args[0] + ": back to float32 " + Arrays.toString(
                    y.toType(DataType.FLOAT32, false).toFloatArray()));
        } catch (RuntimeException e) {
            System.out.println(args[0] + ": " + e.getClass().getName() + ": " + e.getMessage());
        }
    }
}
