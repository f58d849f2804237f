package dev.fess.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-parameter state slots of an optimiser (e.g. Adam's first and second moments): {@code slots} arrays per
 * parameter, created as zeros on first use, saved and loaded as raw float32 values so a restore is bit exact.
 */
final class OptimizerState {
    private final NDManager manager;
    private final int slots;
    private final List<NDArray[]> arrays = new ArrayList<>();

    OptimizerState(NDManager manager, int slots) {
        this.manager = manager;
        this.slots = slots;
    }

    /** The state arrays of parameter {@code index}, zero-initialised with the parameter's shape on first use. */
    NDArray[] of(int index, NDArray parameter) {
        while (arrays.size() <= index) {
            arrays.add(null);
        }
        NDArray[] s = arrays.get(index);
        if (s == null) {
            s = new NDArray[slots];
            for (int k = 0; k < slots; k++) {
                s[k] = manager.zeros(parameter.getShape(), DataType.FLOAT32);
                NDScope.unregister(s[k]);
            }
            arrays.set(index, s);
        } else if (!s[0].getShape().equals(parameter.getShape())) {
            throw new IllegalStateException("optimiser state " + index + " has shape " + s[0].getShape()
                    + " but the parameter has " + parameter.getShape());
        }
        return s;
    }

    void save(DataOutputStream out) throws IOException {
        out.writeInt(slots);
        out.writeInt(arrays.size());
        for (NDArray[] s : arrays) {
            out.writeBoolean(s != null);
            if (s == null) {
                continue;
            }
            long[] shape = s[0].getShape().getShape();
            out.writeInt(shape.length);
            for (long d : shape) {
                out.writeLong(d);
            }
            for (NDArray a : s) {
                byte[] bytes = a.toByteArray(); // float32, native byte order
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
    }

    void load(DataInputStream in) throws IOException {
        int storedSlots = in.readInt();
        if (storedSlots != slots) {
            throw new IOException("optimiser state has " + storedSlots + " slots per parameter, expected " + slots);
        }
        for (NDArray[] s : arrays) {
            if (s != null) {
                for (NDArray a : s) {
                    a.close();
                }
            }
        }
        arrays.clear();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            if (!in.readBoolean()) {
                arrays.add(null);
                continue;
            }
            int rank = in.readInt();
            long[] shape = new long[rank];
            for (int r = 0; r < rank; r++) {
                shape[r] = in.readLong();
            }
            NDArray[] s = new NDArray[slots];
            for (int k = 0; k < slots; k++) {
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                s[k] = manager.create(
                        ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()), new Shape(shape), DataType.FLOAT32);
                NDScope.unregister(s[k]);
            }
            arrays.add(s);
        }
    }
}
