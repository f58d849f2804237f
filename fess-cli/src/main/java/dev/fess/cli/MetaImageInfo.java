package dev.fess.cli;

import dev.fess.metaimage.MetaImageFile;
import dev.fess.metaimage.MetaImageHeader;
import dev.fess.nifti.NiftiStatistics;
import dev.fess.volume.Affine;
import dev.fess.volume.Orientation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** What {@code fess info} prints for a MetaImage file: fess's RAS geometry next to the header's LPS fields. */
final class MetaImageInfo {
    private final Path file;
    private final MetaImageFile img;
    private final List<int[]> points;

    MetaImageInfo(Path file, MetaImageFile img, List<int[]> points) {
        this.file = file;
        this.img = img;
        this.points = points;
    }

    String json() {
        JsonMapper mapper = JsonMapper.builder().build();
        MetaImageHeader h = img.header();
        NiftiStatistics st = img.statistics();
        ObjectNode o = mapper.createObjectNode();
        o.put("file", file.toString());
        o.put("format", "metaimage");
        ArrayNode dims = o.putArray("dim_size");
        for (long d : h.dimSize()) {
            dims.add(d);
        }
        ArrayNode shape = o.putArray("shape");
        shape.add(img.volume().nx())
                .add(img.volume().ny())
                .add(img.volume().nz())
                .add(img.volume().channels());
        o.put("element_type", h.elementType().metaName());
        o.put("channels_per_voxel", h.channelsPerVoxel());
        o.put("byte_order", h.byteOrder() == ByteOrder.LITTLE_ENDIAN ? "little" : "big");
        o.put("compressed", h.compressed());
        o.put("element_data_file", h.elementDataFile());
        ArrayNode spacing = o.putArray("spacing");
        for (double d : h.spacing()) {
            spacing.add(d);
        }
        Affine a = img.volume().affine();
        InfoCommand.putAffine(o, a);
        o.put("orientation", Orientation.axcodes(a));
        o.put("anatomical_orientation", h.anatomicalOrientation());
        ArrayNode offset = o.putArray("offset_lps");
        for (double d : h.offset()) {
            offset.add(d);
        }
        ArrayNode tm = o.putArray("transform_matrix");
        for (double d : h.transformMatrix()) {
            tm.add(d);
        }
        InfoCommand.putStatistics(o, st, img.volume(), points);
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(o);
    }

    String text() {
        StringWriter sw = new StringWriter();
        PrintWriter out = new PrintWriter(sw);
        MetaImageHeader h = img.header();
        NiftiStatistics st = img.statistics();
        Affine a = img.volume().affine();
        String f = "%-12s %s%n";
        out.printf(f, "file", file);
        out.printf(
                f,
                "metaimage",
                "NDims " + h.nDims() + ", " + (h.byteOrder() == ByteOrder.LITTLE_ENDIAN ? "little" : "big")
                        + "-endian, " + (h.compressed() ? "zlib-compressed" : "uncompressed")
                        + ", ElementDataFile " + h.elementDataFile());
        out.printf(
                f,
                "shape",
                h.shapeText()
                        + (img.volume().channels() > 1 ? "  (" + img.volume().channels() + " channels)" : ""));
        out.printf(f, "datatype", h.elementType().metaName());
        StringBuilder sp = new StringBuilder();
        for (double d : h.spacing()) {
            sp.append(sp.length() > 0 ? " × " : "").append(InfoCommand.num(d));
        }
        out.printf(f, "spacing", sp + " (ElementSpacing)");
        out.printf(
                f,
                "orientation",
                Orientation.axcodes(a)
                        + (h.anatomicalOrientation().isEmpty()
                                ? ""
                                : "  (header's AnatomicalOrientation: " + h.anatomicalOrientation()
                                        + ", ITK's 'from' letters)"));
        out.printf(f, "affine", "RAS+, from ITK's LPS TransformMatrix, ElementSpacing and Offset");
        InfoCommand.printAffine(out, a);
        InfoCommand.printStatistics(out, st, img.volume(), points);
        out.flush();
        String t = sw.toString();
        return t.endsWith("\n") ? t.substring(0, t.length() - 1) : t;
    }
}
