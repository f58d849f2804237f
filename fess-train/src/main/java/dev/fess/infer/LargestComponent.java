package dev.fess.infer;

import java.util.Arrays;

/**
 * Keeps, for every non-zero class of a label map, only its largest 3D connected component (6-connectivity: faces,
 * like {@code scipy.ndimage.label}'s default); other voxels of that class become 0. Ties keep the component found
 * first in memory order.
 */
public final class LargestComponent {
    private LargestComponent() {}

    /**
     * Filters class map in place.
     *
     * @param classes class per voxel, index {@code x + nx·(y + ny·z)}
     * @param nx fastest axis length
     * @param ny middle axis length
     * @param nz slowest axis length
     */
    public static void keepLargestPerClass(byte[] classes, int nx, int ny, int nz) {
        int n = classes.length;
        int[] component = new int[n];
        int[] stack = new int[n];
        int maxClass = 0;
        for (byte b : classes) {
            maxClass = Math.max(maxClass, b & 0xff);
        }
        for (int cls = 1; cls <= maxClass; cls++) {
            Arrays.fill(component, 0);
            int label = 0;
            int bestLabel = 0;
            int bestSize = 0;
            for (int start = 0; start < n; start++) {
                if ((classes[start] & 0xff) != cls || component[start] != 0) {
                    continue;
                }
                label++;
                int size = 0;
                int top = 0;
                stack[top++] = start;
                component[start] = label;
                while (top > 0) {
                    int v = stack[--top];
                    size++;
                    int x = v % nx;
                    int y = (v / nx) % ny;
                    int z = v / (nx * ny);
                    if (x > 0) top = visit(classes, component, stack, top, v - 1, cls, label);
                    if (x < nx - 1) top = visit(classes, component, stack, top, v + 1, cls, label);
                    if (y > 0) top = visit(classes, component, stack, top, v - nx, cls, label);
                    if (y < ny - 1) top = visit(classes, component, stack, top, v + nx, cls, label);
                    if (z > 0) top = visit(classes, component, stack, top, v - nx * ny, cls, label);
                    if (z < nz - 1) top = visit(classes, component, stack, top, v + nx * ny, cls, label);
                }
                if (size > bestSize) {
                    bestSize = size;
                    bestLabel = label;
                }
            }
            for (int i = 0; i < n; i++) {
                if ((classes[i] & 0xff) == cls && component[i] != bestLabel) {
                    classes[i] = 0;
                }
            }
        }
    }

    private static int visit(byte[] classes, int[] component, int[] stack, int top, int v, int cls, int label) {
        if ((classes[v] & 0xff) == cls && component[v] == 0) {
            component[v] = label;
            stack[top++] = v;
        }
        return top;
    }
}
