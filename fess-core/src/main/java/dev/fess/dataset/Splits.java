package dev.fess.dataset;

import dev.fess.UserInputException;
import dev.fess.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Case-level data splits, reproducible from a seed and stored as {@code splits.json} in a run directory.
 *
 * <p>Every split starts from the case ids sorted by {@link String#compareTo} and shuffled by a Fisher–Yates
 * permutation drawn from {@code new SplittableRandom(seed)}, so the input order never matters and the same ids and
 * seed always give the same split (and byte-identical JSON).
 * <ul>
 *   <li>{@link #kFold}: the permutation cut into k nearly equal consecutive chunks; fold f validates on chunk f and
 *       trains on the rest (5-fold as nnU-Net).</li>
 *   <li>{@link #holdout}: the first {@code round(testFraction·n)} permuted ids are the test set, the next
 *       {@code round(valFraction·n)} the validation set, the rest the training set.</li>
 *   <li>{@link #holdoutKFold}: a test set as in holdout, then k folds of the rest (every fold has the same test
 *       set).</li>
 *   <li>{@link #withSubsets}: limited-data subsets of a fold's training ids. One permutation of those ids (seeded
 *       by {@code seed + 1}) is drawn and each subset of size N is its first N ids, so subsets are nested: the
 *       100-case subset lies inside the 200-case one.</li>
 * </ul>
 * Lists inside a fold are sorted; subsets keep their permutation order (so the nesting is visible in the file).
 *
 * @param method {@code kfold} or {@code holdout}
 * @param seed the seed everything was drawn from
 * @param folds one entry per fold (holdout: exactly one)
 * @param subsets limited-data subset size → training ids, drawn from fold {@code subsetFold}; empty if none
 * @param subsetFold the fold the subsets were drawn from
 */
public record Splits(String method, long seed, List<Fold> folds, Map<Integer, List<String>> subsets, int subsetFold) {

    /** One fold: disjoint training, validation and (for holdout) test ids, each sorted. */
    public record Fold(List<String> train, List<String> val, List<String> test) {
        public Fold {
            train = List.copyOf(train);
            val = List.copyOf(val);
            test = List.copyOf(test == null ? List.of() : test);
        }
    }

    public Splits {
        folds = List.copyOf(folds);
        TreeMap<Integer, List<String>> s = new TreeMap<>();
        if (subsets != null) {
            subsets.forEach((k, v) -> s.put(k, List.copyOf(v)));
        }
        subsets = Collections.unmodifiableMap(s);
    }

    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** k-fold cross-validation over {@code ids}. */
    public static Splits kFold(Collection<String> ids, int k, long seed) {
        List<String> perm = permutation(ids, seed, "k-fold split");
        int n = perm.size();
        if (k < 2 || k > n) {
            throw new UserInputException(
                    "k-fold split: k must be between 2 and the number of cases (" + n + "), got " + k);
        }
        List<Fold> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            int from = (int) ((long) f * n / k);
            int to = (int) ((long) (f + 1) * n / k);
            List<String> val = new ArrayList<>(perm.subList(from, to));
            List<String> train = new ArrayList<>(perm.subList(0, from));
            train.addAll(perm.subList(to, n));
            folds.add(new Fold(sorted(train), sorted(val), List.of()));
        }
        return new Splits("kfold", seed, folds, Map.of(), 0);
    }

    /** A single train / validation / test split by fractions of the cases. */
    public static Splits holdout(Collection<String> ids, double valFraction, double testFraction, long seed) {
        if (!(valFraction >= 0 && testFraction >= 0 && valFraction + testFraction < 1)) {
            throw new UserInputException("train/val/test split: fractions must be ≥ 0 with val + test < 1, got val "
                    + valFraction + " and test " + testFraction);
        }
        List<String> perm = permutation(ids, seed, "train/val/test split");
        int n = perm.size();
        int nTest = (int) Math.round(testFraction * n);
        int nVal = (int) Math.round(valFraction * n);
        if (nTest + nVal >= n) {
            throw new UserInputException("train/val/test split: " + n + " cases leave no training case with val "
                    + valFraction + " and test " + testFraction);
        }
        Fold f = new Fold(
                sorted(perm.subList(nTest + nVal, n)),
                sorted(perm.subList(nTest, nTest + nVal)),
                sorted(perm.subList(0, nTest)));
        return new Splits("holdout", seed, List.of(f), Map.of(), 0);
    }

    /**
     * A held-out test set and k-fold cross-validation on the rest: the first {@code round(testFraction·n)} permuted
     * ids are the test set of every fold; the remaining ids, sorted, are split as {@link #kFold}{@code (rest, k,
     * seed)}. Method {@code holdout-kfold}.
     */
    public static Splits holdoutKFold(Collection<String> ids, double testFraction, int k, long seed) {
        Splits test = holdout(ids, 0, testFraction, seed);
        List<String> held = test.fold(0).test();
        Splits cv = kFold(test.fold(0).train(), k, seed);
        List<Fold> folds = new ArrayList<>();
        for (Fold f : cv.folds()) {
            folds.add(new Fold(f.train(), f.val(), held));
        }
        return new Splits("holdout-kfold", seed, folds, Map.of(), 0);
    }

    /**
     * These splits plus nested limited-data subsets of fold {@code fold}'s training ids.
     *
     * @throws UserInputException if a size is not positive or exceeds the training cases available
     */
    public Splits withSubsets(int fold, int... sizes) {
        Fold f = fold(fold);
        int available = f.train().size();
        for (int s : sizes) {
            if (s <= 0 || s > available) {
                throw new UserInputException("limited-data subset of " + s + " training cases requested, fold " + fold
                        + " has " + available + " (sizes must be between 1 and " + available + ")");
            }
        }
        List<String> perm = permutation(f.train(), seed + 1, "subset");
        Map<Integer, List<String>> sub = new TreeMap<>();
        for (int s : sizes) {
            sub.put(s, perm.subList(0, s));
        }
        return new Splits(method, seed, folds, sub, fold);
    }

    /** Fold {@code k} (0-based). */
    public Fold fold(int k) {
        if (k < 0 || k >= folds.size()) {
            throw new UserInputException("fold " + k + " does not exist: the " + method + " split has " + folds.size()
                    + " fold" + (folds.size() == 1 ? "" : "s") + " (0 to " + (folds.size() - 1) + ")");
        }
        return folds.get(k);
    }

    /** The nested training subset of {@code size} cases. */
    public List<String> subset(int size) {
        List<String> s = subsets.get(size);
        if (s == null) {
            throw new UserInputException(
                    "no training subset of " + size + " cases in these splits (have " + subsets.keySet() + ")");
        }
        return s;
    }

    /** Checks that every id in these splits is one of {@code known}; {@code source} names the splits in messages. */
    public void requireIdsIn(Collection<String> known, String source) {
        Set<String> k = new HashSet<>(known);
        for (int i = 0; i < folds.size(); i++) {
            for (List<String> l : List.of(
                    folds.get(i).train(), folds.get(i).val(), folds.get(i).test())) {
                for (String id : l) {
                    if (!k.contains(id)) {
                        throw new UserInputException(
                                source + ": fold " + i + " names case '" + id + "', which the dataset does not have");
                    }
                }
            }
        }
    }

    /** The JSON text written by {@link #save} (pretty-printed, deterministic). */
    public String toJson() {
        return JSON.writeValueAsString(this) + "\n";
    }

    /** Writes {@code splits.json} atomically. */
    public void save(Path file) throws IOException {
        AtomicFiles.writeString(file, toJson());
    }

    /**
     * Reads a {@code splits.json} and checks it: folds disjoint, subsets inside their fold's training ids.
     *
     * @throws UserInputException naming the file if it is unreadable or inconsistent
     */
    public static Splits load(Path file) throws IOException {
        Splits s;
        try {
            s = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), Splits.class);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (JacksonException e) {
            throw new UserInputException(file + ": not a splits file: " + e.getOriginalMessage());
        }
        if (s.method() == null || s.folds().isEmpty()) {
            throw new UserInputException(file + ": not a splits file: needs 'method' and at least one fold");
        }
        for (int i = 0; i < s.folds().size(); i++) {
            Fold f = s.folds().get(i);
            Set<String> seen = new HashSet<>();
            for (List<String> l : List.of(f.train(), f.val(), f.test())) {
                for (String id : l) {
                    if (!seen.add(id)) {
                        throw new UserInputException(file + ": fold " + i + " lists case '" + id + "' twice");
                    }
                }
            }
        }
        if (!s.subsets().isEmpty()) {
            Set<String> train = new HashSet<>(s.fold(s.subsetFold()).train());
            s.subsets().forEach((size, ids) -> {
                if (ids.size() != size || !train.containsAll(ids)) {
                    throw new UserInputException(file + ": subset " + size + " is not " + size
                            + " training cases of fold " + s.subsetFold());
                }
            });
        }
        return s;
    }

    private static List<String> permutation(Collection<String> ids, long seed, String what) {
        List<String> p = sorted(ids);
        for (int i = 1; i < p.size(); i++) {
            if (p.get(i).equals(p.get(i - 1))) {
                throw new UserInputException(what + ": case id '" + p.get(i) + "' occurs twice");
            }
        }
        if (p.isEmpty()) {
            throw new UserInputException(what + ": no cases");
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = p.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            String t = p.get(i);
            p.set(i, p.get(j));
            p.set(j, t);
        }
        return p;
    }

    private static List<String> sorted(Collection<String> ids) {
        List<String> l = new ArrayList<>(ids);
        l.sort(null);
        return l;
    }
}
