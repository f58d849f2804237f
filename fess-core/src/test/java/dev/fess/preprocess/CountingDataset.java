package dev.fess.preprocess;

import dev.fess.dataset.CaseFiles;
import dev.fess.dataset.Dataset;
import dev.fess.dataset.Layout;
import dev.fess.dataset.LoadedCase;
import dev.fess.dataset.Modality;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A synthetic in-memory dataset that counts how often cases are read. */
public final class CountingDataset implements Dataset {
    private final List<CaseFiles> cases = new ArrayList<>();
    private final String codes;
    public final AtomicInteger loads = new AtomicInteger();

    public CountingDataset(int n, String codes) {
        this.codes = codes;
        for (int i = 0; i < n; i++) {
            cases.add(new CaseFiles(
                    "case_" + i, List.of(Path.of("case_" + i + ".nii.gz")), Path.of("case_" + i + "_seg.nii.gz")));
        }
    }

    @Override
    public Path root() {
        return Path.of("synthetic");
    }

    @Override
    public Layout layout() {
        return Layout.MSD;
    }

    @Override
    public Modality modality() {
        return Modality.MRI;
    }

    @Override
    public List<String> channelNames() {
        return List.of("t1", "t2");
    }

    @Override
    public Map<Integer, String> labelNames() {
        return Map.of(0, "background", 1, "a", 2, "b", 4, "c");
    }

    @Override
    public List<CaseFiles> trainingCases() {
        return cases;
    }

    @Override
    public List<CaseFiles> testCases() {
        return List.of();
    }

    @Override
    public LoadedCase load(CaseFiles c) {
        loads.incrementAndGet();
        int i = Integer.parseInt(c.id().substring(5));
        return TestCases.blobCase(c.id(), new int[] {24 + i, 20, 14}, TestCases.affine(codes, 1, 1.2, 2), 2, 100 + i);
    }
}
