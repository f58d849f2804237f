package dev.fess.realdata;

import dev.fess.UserInputException;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cuts a volume into {@code pi × pj × pk} disjoint boxes along its voxel axes, so that one subject gives several
 * cases whose anatomy does not overlap: a case held out for testing shares no voxel with a training case.
 *
 * <p>Axis {@code a} of {@code n} voxels is cut at {@code ⌊n·q/p⌋} for {@code q = 0 … p}, so piece sizes differ by
 * at most one voxel and every voxel lands in exactly one piece. A piece starting at voxel {@code (i0, j0, k0)} keeps
 * the world position of every voxel: its affine is {@code A · T(i0, j0, k0)} with {@code T} the translation by
 * the start index.
 *
 * @param counts pieces along i, j, k, each 1 … 16
 */
public record PieceGrid(int[] counts) {

    /** One piece: its grid position, first voxel and size (voxels along i, j, k). */
    public record Piece(int[] position, int[] start, int[] size) {
        /** A stable name such as {@code i0j1k0}. */
        public String name() {
            return "i" + position[0] + "j" + position[1] + "k" + position[2];
        }
    }

    public PieceGrid {
        if (counts == null || counts.length != 3) {
            throw new IllegalArgumentException("three counts expected");
        }
        counts = counts.clone();
        for (int c : counts) {
            if (c < 1 || c > 16) {
                throw UserInputException.ofSetting("grid", "grid: each count must be 1 … 16, got " + c);
            }
        }
    }

    public static PieceGrid of(int pi, int pj, int pk) {
        return new PieceGrid(new int[] {pi, pj, pk});
    }

    /** Parses {@code AxBxC} (e.g. {@code 2x2x2}); the message names {@code --grid}. */
    public static PieceGrid parse(String text) {
        String[] parts = text == null
                ? new String[0]
                : text.trim().toLowerCase(Locale.ROOT).split("x");
        if (parts.length != 3) {
            throw UserInputException.ofSetting("grid", "grid: expected three counts like 2x2x2, got '" + text + "'");
        }
        int[] c = new int[3];
        for (int a = 0; a < 3; a++) {
            try {
                c[a] = Integer.parseInt(parts[a].trim());
            } catch (NumberFormatException e) {
                throw UserInputException.ofSetting(
                        "grid", "grid: expected three counts like 2x2x2, got '" + text + "'");
            }
        }
        return new PieceGrid(c);
    }

    @Override
    public int[] counts() {
        return counts.clone();
    }

    public int pieceCount() {
        return counts[0] * counts[1] * counts[2];
    }

    @Override
    public String toString() {
        return counts[0] + "x" + counts[1] + "x" + counts[2];
    }

    /** The pieces of a grid of {@code shape} voxels, i fastest; refuses pieces thinner than {@code minSize}. */
    public List<Piece> pieces(int[] shape, int minSize) {
        int[][] cuts = new int[3][];
        for (int a = 0; a < 3; a++) {
            cuts[a] = new int[counts[a] + 1];
            for (int q = 0; q <= counts[a]; q++) {
                cuts[a][q] = (int) ((long) shape[a] * q / counts[a]);
            }
            if (shape[a] / counts[a] < minSize) {
                throw UserInputException.ofSetting(
                        "grid",
                        "grid: " + this + " cuts axis " + "ijk".charAt(a) + " of " + shape[a]
                                + " voxels into pieces thinner than " + minSize + " voxels; use fewer pieces or a finer"
                                + " spacing");
            }
        }
        List<Piece> out = new ArrayList<>();
        for (int k = 0; k < counts[2]; k++) {
            for (int j = 0; j < counts[1]; j++) {
                for (int i = 0; i < counts[0]; i++) {
                    int[] p = {i, j, k};
                    int[] start = new int[3];
                    int[] size = new int[3];
                    for (int a = 0; a < 3; a++) {
                        start[a] = cuts[a][p[a]];
                        size[a] = cuts[a][p[a] + 1] - start[a];
                    }
                    out.add(new Piece(p, start, size));
                }
            }
        }
        return out;
    }

    /** The box {@code start … start + size − 1} of every channel of {@code v}, with the affine moved to it. */
    public static Volume crop(Volume v, int[] start, int[] size) {
        for (int a = 0; a < 3; a++) {
            if (start[a] < 0 || size[a] < 1 || start[a] + size[a] > v.shape()[a]) {
                throw new IllegalArgumentException("box outside the volume on axis " + a);
            }
        }
        float[] in = v.data();
        float[] out = new float[size[0] * size[1] * size[2] * v.channels()];
        int o = 0;
        for (int c = 0; c < v.channels(); c++) {
            for (int k = 0; k < size[2]; k++) {
                for (int j = 0; j < size[1]; j++) {
                    int from = v.index(start[0], start[1] + j, start[2] + k, c);
                    System.arraycopy(in, from, out, o, size[0]);
                    o += size[0];
                }
            }
        }
        Affine shift = Affine.of(1, 0, 0, start[0], 0, 1, 0, start[1], 0, 0, 1, start[2], 0, 0, 0, 1);
        return new Volume(
                size[0], size[1], size[2], v.channels(), out, v.affine().multiply(shift));
    }
}
