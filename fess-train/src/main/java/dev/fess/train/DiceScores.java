package dev.fess.train;

import dev.fess.dataset.LabelMapping;
import java.util.ArrayList;
import java.util.List;

/**
 * Hard Dice of a predicted class map against the truth, per network output: per region for region mappings
 * (a voxel is in a region when its class is one of the region's classes), per foreground class otherwise.
 * Dice = 2|P∩T| / (|P| + |T|), and 1 when both are empty.
 */
public final class DiceScores {
    private DiceScores() {}

    /** Names of the scored outputs: the region names, or the class names without background. */
    public static List<String> names(LabelMapping m) {
        List<String> names = m.outputNames();
        return m.regions().isEmpty() ? names.subList(1, names.size()) : names;
    }

    /** Hard Dice per scored output (see {@link #names}), predicted and truth being class indices per voxel. */
    public static double[] perOutput(byte[] predicted, byte[] truth, LabelMapping m) {
        int k = m.numClasses();
        List<boolean[]> members = new ArrayList<>();
        if (m.regions().isEmpty()) {
            for (int c = 1; c < k; c++) {
                boolean[] in = new boolean[k];
                in[c] = true;
                members.add(in);
            }
        } else {
            for (int[] r : m.regions()) {
                boolean[] in = new boolean[k];
                for (int c : r) {
                    in[c] = true;
                }
                members.add(in);
            }
        }
        double[] out = new double[members.size()];
        for (int o = 0; o < out.length; o++) {
            boolean[] in = members.get(o);
            long both = 0, p = 0, t = 0;
            for (int i = 0; i < predicted.length; i++) {
                boolean a = in[predicted[i]];
                boolean b = in[truth[i]];
                p += a ? 1 : 0;
                t += b ? 1 : 0;
                both += a && b ? 1 : 0;
            }
            out[o] = p + t == 0 ? 1.0 : 2.0 * both / (p + t);
        }
        return out;
    }
}
