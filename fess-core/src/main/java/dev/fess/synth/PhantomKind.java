package dev.fess.synth;

import dev.fess.UserInputException;
import dev.fess.dataset.Layout;
import dev.fess.dataset.Modality;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The kinds of synthetic phantom fess can generate. */
public enum PhantomKind {
    /** BraTS-like brain MRI: FLAIR, T1, T1ce, T2 and labels 0 / 1 necrosis / 2 edema / 4 enhancing. */
    BRATS("brats", Modality.MRI, Layout.BRATS, EnumSet.of(Layout.BRATS, Layout.MSD, Layout.NPY)),
    /** AbdomenCT-1K-like CT in HU and labels 0 / 1 liver / 2 kidney / 3 spleen / 4 pancreas. */
    ABDOMEN_CT("abdomen-ct", Modality.CT, Layout.ABDOMENCT, EnumSet.of(Layout.ABDOMENCT, Layout.MSD, Layout.NPY));

    private final String cliName;
    private final Modality modality;
    private final Layout defaultLayout;
    private final Set<Layout> layouts;

    PhantomKind(String cliName, Modality modality, Layout defaultLayout, Set<Layout> layouts) {
        this.cliName = cliName;
        this.modality = modality;
        this.defaultLayout = defaultLayout;
        this.layouts = layouts;
    }

    /** The name used on the command line ({@code brats}, {@code abdomen-ct}). */
    public String cliName() {
        return cliName;
    }

    public Modality modality() {
        return modality;
    }

    /** The layout written when none is asked for. */
    public Layout defaultLayout() {
        return defaultLayout;
    }

    /** Layouts this kind can be written in. */
    public boolean supports(Layout layout) {
        return layouts.contains(layout);
    }

    /** Parses a command-line name; throws {@link UserInputException} naming the valid ones. */
    public static PhantomKind parse(String name) {
        for (PhantomKind k : values()) {
            if (k.cliName.equalsIgnoreCase(name) || k.name().equalsIgnoreCase(name)) {
                return k;
            }
        }
        throw new UserInputException("unknown phantom kind '" + name + "': expected brats or abdomen-ct");
    }

    /** A lower-case name for a layout ({@code brats}, {@code msd}, {@code abdomenct}, {@code npy}). */
    public static String layoutName(Layout layout) {
        return layout.name().toLowerCase(Locale.ROOT);
    }
}
