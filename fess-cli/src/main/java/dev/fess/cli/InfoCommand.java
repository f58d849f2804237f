package dev.fess.cli;

import dev.fess.UserInputException;
import dev.fess.image.ImageFiles;
import dev.fess.metaimage.MetaImage;
import dev.fess.metaimage.MetaImageFile;
import dev.fess.nifti.Nifti;
import dev.fess.nifti.NiftiHeader;
import dev.fess.nifti.NiftiImage;
import dev.fess.nifti.NiftiStatistics;
import dev.fess.volume.Affine;
import dev.fess.volume.Orientation;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code fess info}: header, geometry and value statistics of a NIfTI or MetaImage file. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = {
            "Shows an image's shape, datatype, spacing, affine (voxel → world, RAS+ mm), orientation code and"
                    + " min/max/mean/sum of the values; for NIfTI also the version and scaling, for MetaImage the"
                    + " element type, ITK's LPS geometry and the data file.",
            "Reads .nii, .nii.gz and .hdr/.img pairs (NIfTI-1 and NIfTI-2), .mha and .mhd (MetaImage)."
        })
public final class InfoCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "the NIfTI or MetaImage file")
    Path file;

    @Option(names = "--json", description = "print one JSON object instead of text")
    boolean json;

    @Option(
            names = "--at",
            paramLabel = "i,j,k[,t]",
            description = "also print the scaled value at this voxel index (NIfTI order, from 0; t defaults to 0);"
                    + " repeatable")
    List<String> at = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (ImageFiles.format(file) == ImageFiles.Format.METAIMAGE) {
            MetaImageFile img = MetaImage.read(file);
            String shape = img.header().shapeText();
            List<int[]> points = new ArrayList<>();
            for (String s : at) {
                points.add(parseIndex(s, img.volume(), shape));
            }
            MetaImageInfo info = new MetaImageInfo(file, img, points);
            out.println(json ? info.json() : info.text());
            out.flush();
            return 0;
        }
        NiftiImage img = Nifti.read(file);
        List<int[]> points = new ArrayList<>();
        for (String s : at) {
            points.add(parseIndex(s, img.volume(), shape(img)));
        }
        if (json) {
            out.println(json(img, points));
        } else {
            printText(out, img, points);
        }
        out.flush();
        return 0;
    }

    static int[] parseIndex(String s, Volume v, String shape) {
        String[] parts = s.split(",", -1);
        if (parts.length != 3 && parts.length != 4) {
            throw new UserInputException("--at " + s + ": expected i,j,k or i,j,k,t");
        }
        int[] idx = new int[parts.length];
        int[] size = {v.nx(), v.ny(), v.nz(), v.channels()};
        for (int d = 0; d < parts.length; d++) {
            try {
                idx[d] = Integer.parseInt(parts[d].trim());
            } catch (NumberFormatException e) {
                throw new UserInputException("--at " + s + ": '" + parts[d] + "' is not an integer index");
            }
            if (idx[d] < 0 || idx[d] >= size[d]) {
                throw new UserInputException("--at " + s + ": index " + idx[d] + " is outside 0.." + (size[d] - 1)
                        + " of axis " + d + " (shape " + shape + ")");
            }
        }
        return idx;
    }

    static float valueAt(Volume v, int[] idx) {
        return v.get(idx[0], idx[1], idx[2], idx.length > 3 ? idx[3] : 0);
    }

    private static String shape(NiftiImage img) {
        StringBuilder s = new StringBuilder();
        for (long d : img.header().fullShape()) {
            s.append(s.length() > 0 ? "×" : "").append(d);
        }
        return s.toString();
    }

    private static double[] spacing(NiftiHeader h) {
        double[] p = h.pixdim();
        int n = Math.max(3, Math.min(h.ndim(), 7));
        double[] s = new double[n];
        System.arraycopy(p, 1, s, 0, n);
        return s;
    }

    private String json(NiftiImage img, List<int[]> points) {
        JsonMapper mapper = JsonMapper.builder().build();
        NiftiHeader h = img.header();
        NiftiStatistics st = img.statistics();
        ObjectNode o = mapper.createObjectNode();
        o.put("file", file.toString());
        o.put("format", "nifti");
        ArrayNode shape = o.putArray("shape");
        for (long d : h.fullShape()) {
            shape.add(d);
        }
        o.put("datatype", h.datatype().label());
        o.put("datatype_code", h.datatype().code());
        ArrayNode spacing = o.putArray("spacing");
        for (double d : spacing(h)) {
            spacing.add(d);
        }
        Affine a = img.volume().affine();
        putAffine(o, a);
        o.put("affine_source", h.affineSource());
        o.put("orientation", Orientation.axcodes(a));
        o.put("nifti_version", h.version());
        o.put("byte_order", h.byteOrder() == ByteOrder.LITTLE_ENDIAN ? "little" : "big");
        o.put("qform_code", h.qformCode());
        o.put("sform_code", h.sformCode());
        putNumber(o, "scl_slope", h.sclSlope());
        putNumber(o, "scl_inter", h.sclInter());
        o.put("scaled", h.scaled());
        o.put("vox_offset", h.voxOffset());
        o.put("descrip", h.descrip());
        putStatistics(o, st, img.volume(), points);
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(o);
    }

    /** The 4×4 voxel-to-world (RAS+) affine as {@code "affine"}: four rows of four numbers. */
    static void putAffine(ObjectNode o, Affine a) {
        ArrayNode affine = o.putArray("affine");
        for (int r = 0; r < 4; r++) {
            ArrayNode row = affine.addArray();
            for (int c = 0; c < 4; c++) {
                row.add(a.get(r, c));
            }
        }
    }

    /** The 4×4 affine as four indented text rows. */
    static void printAffine(PrintWriter out, Affine a) {
        for (int r = 0; r < 4; r++) {
            out.printf(
                    Locale.ROOT,
                    "             [%12.6f %12.6f %12.6f %12.6f]%n",
                    a.get(r, 0),
                    a.get(r, 1),
                    a.get(r, 2),
                    a.get(r, 3));
        }
    }

    /** Min, max, mean, sum and NaN count of the voxels, then the value at each of {@code points} ({@code "at"}). */
    static void putStatistics(ObjectNode o, NiftiStatistics st, Volume v, List<int[]> points) {
        putNumber(o, "min", st.min());
        putNumber(o, "max", st.max());
        putNumber(o, "mean", st.mean());
        putNumber(o, "sum", st.sum());
        o.put("nan_count", st.nanCount());
        ArrayNode list = o.putArray("at");
        for (int[] idx : points) {
            ObjectNode p = list.addObject();
            ArrayNode i = p.putArray("index");
            for (int x : idx) {
                i.add(x);
            }
            float value = valueAt(v, idx);
            if (Float.isFinite(value)) {
                p.put("value", value);
            } else {
                p.putNull("value");
            }
        }
    }

    /** As {@link #putStatistics}, as text lines (NaN count only when there are NaN voxels). */
    static void printStatistics(PrintWriter out, NiftiStatistics st, Volume v, List<int[]> points) {
        String f = "%-12s %s%n";
        out.printf(f, "min", num(st.min()));
        out.printf(f, "max", num(st.max()));
        out.printf(f, "mean", num(st.mean()));
        out.printf(f, "sum", num(st.sum()));
        if (st.nanCount() > 0) {
            out.printf(f, "NaN voxels", st.nanCount());
        }
        for (int[] idx : points) {
            StringBuilder s = new StringBuilder("at [");
            for (int d = 0; d < idx.length; d++) {
                s.append(d > 0 ? ", " : "").append(idx[d]);
            }
            out.printf(f, s.append("]"), Float.toString(valueAt(v, idx)));
        }
    }

    /** Non-finite numbers are not JSON: written as null. */
    static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    private void printText(PrintWriter out, NiftiImage img, List<int[]> points) {
        NiftiHeader h = img.header();
        NiftiStatistics st = img.statistics();
        Affine a = img.volume().affine();
        String f = "%-12s %s%n";
        out.printf(f, "file", file);
        out.printf(
                f,
                "nifti",
                "NIfTI-" + h.version() + " (magic " + h.magic() + ", "
                        + (h.byteOrder() == ByteOrder.LITTLE_ENDIAN ? "little" : "big") + "-endian, vox_offset "
                        + h.voxOffset() + ")");
        out.printf(
                f,
                "shape",
                shape(img) + (img.volume().channels() > 1 ? "  (" + img.volume().channels() + " channels)" : ""));
        out.printf(
                f, "datatype", h.datatype().label() + " (code " + h.datatype().code() + ")");
        StringBuilder sp = new StringBuilder();
        for (double d : spacing(h)) {
            sp.append(sp.length() > 0 ? " × " : "").append(h.version() == 1 ? floatNum((float) d) : num(d));
        }
        out.printf(f, "spacing", sp + " (pixdim)");
        out.printf(f, "orientation", Orientation.axcodes(a));
        out.printf(
                f,
                "affine",
                "from " + h.affineSource() + " (qform_code " + h.qformCode() + ", sform_code " + h.sformCode() + ")");
        printAffine(out, a);
        out.printf(
                f,
                "scaling",
                h.scaled() && !(h.sclSlope() == 1 && h.sclInter() == 0)
                        ? "value = " + floatNum((float) h.sclSlope()) + " × stored " + (h.sclInter() < 0 ? "− " : "+ ")
                                + floatNum((float) Math.abs(h.sclInter()))
                        : "none");
        if (!h.descrip().isBlank()) {
            out.printf(f, "descrip", h.descrip());
        }
        printStatistics(out, st, img.volume(), points);
    }

    /** A float32 header field in its shortest form (0.7, not 0.699999988079071). */
    private static String floatNum(float v) {
        return v == Math.rint(v) && Math.abs(v) < 1e7 ? Long.toString((long) v) : Float.toString(v);
    }

    /** Shortest round-trip representation ({@code Double.toString}), without a trailing ".0" for integers. */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
