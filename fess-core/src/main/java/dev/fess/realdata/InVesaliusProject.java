package dev.fess.realdata;

import dev.fess.UserInputException;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads the image of an InVesalius 3 project ({@code .inv3}): a gzip-compressed tar holding {@code main.plist}
 * (an Apple XML property list with {@code matrix: {filename, dtype, shape}}, {@code spacing}, {@code modality}) and
 * the raw volume it names ({@code matrix.dat}, C order of shape (z, y, x), little-endian).
 *
 * <p>InVesalius stores no patient coordinates. The affine written here assumes what the Cranium example shows:
 * i (x) runs to the patient's left as DICOM columns do, j (y) to anterior (InVesalius flips the DICOM rows; the face
 * is at high j), k (z) to superior (the vertex is at high k): axis codes LAS, {@code spacing} =
 * (x, y, z) mm, and the volume centre at world (0, 0, 0). Left–right cannot be checked from the image.
 */
public final class InVesaliusProject {
    /** The image read, with modality (e.g. {@code CT}) and the project's name. */
    public record Image(Volume volume, String modality, String name) {}

    private static final int BLOCK = 512;

    private InVesaliusProject() {}

    /** Reads {@code file}; malformed projects are reported naming the file. */
    public static Image read(Path file) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            readTar(in, file, entries);
        } catch (java.util.zip.ZipException e) {
            throw new UserInputException(file + ": not an InVesalius project (not gzip: " + e.getMessage() + ")");
        }
        byte[] plist = entries.get("main.plist");
        if (plist == null) {
            throw new UserInputException(file + ": not an InVesalius project (no main.plist)");
        }
        Map<String, Object> main = PropertyList.parse(plist, file + ":main.plist");
        Map<String, Object> matrix = PropertyList.dict(main, "matrix", file);
        String name = PropertyList.string(matrix, "filename", file);
        String dtype = PropertyList.string(matrix, "dtype", file);
        List<Double> shape = PropertyList.numbers(matrix, "shape", 3, file);
        List<Double> spacing = PropertyList.numbers(main, "spacing", 3, file);
        byte[] raw = entries.get(name);
        if (raw == null) {
            throw new UserInputException(file + ": main.plist names matrix file " + name + ", which is not in it");
        }
        int nz = shape.get(0).intValue();
        int ny = shape.get(1).intValue();
        int nx = shape.get(2).intValue();
        int bytesPer = switch (dtype) {
            case "int16", "uint16" -> 2;
            default -> throw new UserInputException(file + ": matrix dtype " + dtype + " (expected int16 or uint16)");
        };
        long n = (long) nx * ny * nz;
        if (nx < 1 || ny < 1 || nz < 1 || n * bytesPer != raw.length) {
            throw new UserInputException(file + ": " + name + " has " + raw.length + " bytes, the shape " + shape
                    + " of " + dtype + " needs " + n * bytesPer);
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        float[] data = new float[(int) n];
        for (int v = 0; v < data.length; v++) {
            short s = b.getShort();
            data[v] = dtype.equals("int16") ? s : Short.toUnsignedInt(s);
        }
        Affine affine = lasCentred(new int[] {nx, ny, nz}, spacing);
        Object modality = main.getOrDefault("modality", "");
        Object title = main.getOrDefault("name", "");
        return new Image(new Volume(nx, ny, nz, 1, data, affine), modality.toString(), title.toString());
    }

    /** LAS axes, {@code spacing} (x, y, z) mm, voxel centre of the volume at the world origin. */
    static Affine lasCentred(int[] shape, List<Double> spacing) {
        double[] sign = {-1, 1, 1};
        double[] m = new double[16];
        m[15] = 1;
        for (int a = 0; a < 3; a++) {
            double s = sign[a] * spacing.get(a);
            m[a * 4 + a] = s;
            m[a * 4 + 3] = -s * (shape[a] - 1) / 2.0;
        }
        return Affine.of(m);
    }

    /** Collects the regular files of a ustar/GNU tar stream, keyed by file name without folders. */
    private static void readTar(InputStream in, Path file, Map<String, byte[]> out) throws IOException {
        byte[] header = new byte[BLOCK];
        while (true) {
            if (in.readNBytes(header, 0, BLOCK) < BLOCK) {
                throw new UserInputException(file + ": not an InVesalius project (truncated tar)");
            }
            if (allZero(header)) {
                return;
            }
            String name = text(header, 0, 100);
            String prefix = text(header, 345, 155);
            String full = prefix.isEmpty() ? name : prefix + "/" + name;
            long size = octal(header, 124, 12, file);
            byte type = header[156];
            if (size > Integer.MAX_VALUE - 16) {
                throw new UserInputException(file + ": tar entry " + full + " is too large");
            }
            byte[] content = in.readNBytes((int) size);
            if (content.length < size) {
                throw new UserInputException(file + ": truncated tar entry " + full);
            }
            long pad = (BLOCK - size % BLOCK) % BLOCK;
            in.skipNBytes(pad);
            if (type == '0' || type == 0) {
                String base = full.substring(full.lastIndexOf('/') + 1);
                out.put(base, content);
            }
        }
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8).strip();
    }

    private static long octal(byte[] b, int off, int len, Path file) {
        String s = text(b, off, len);
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new UserInputException(file + ": not an InVesalius project (bad tar size field '" + s + "')");
        }
    }

    /** The subset of Apple's XML property lists InVesalius writes: dict, array, string, integer, real, true/false. */
    static final class PropertyList {
        private PropertyList() {}

        static Map<String, Object> parse(byte[] xml, String where) {
            try {
                DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
                f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
                f.setExpandEntityReferences(false);
                f.setValidating(false);
                DocumentBuilder db = f.newDocumentBuilder();
                Element root = db.parse(new ByteArrayInputStream(xml)).getDocumentElement();
                Element dict = firstElement(root);
                if (dict == null || !dict.getTagName().equals("dict")) {
                    throw new UserInputException(where + ": expected a <dict> property list");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) value(dict, where);
                return m;
            } catch (ParserConfigurationException | SAXException | IOException e) {
                throw new UserInputException(where + ": not a readable property list (" + e.getMessage() + ")");
            }
        }

        private static Object value(Element e, String where) {
            switch (e.getTagName()) {
                case "dict" -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    List<Element> kids = elements(e);
                    for (int i = 0; i + 1 < kids.size(); i += 2) {
                        m.put(kids.get(i).getTextContent().strip(), value(kids.get(i + 1), where));
                    }
                    return m;
                }
                case "array" -> {
                    List<Object> l = new ArrayList<>();
                    for (Element k : elements(e)) {
                        l.add(value(k, where));
                    }
                    return l;
                }
                case "integer", "real" -> {
                    try {
                        return Double.parseDouble(e.getTextContent().strip());
                    } catch (NumberFormatException x) {
                        throw new UserInputException(where + ": bad number '" + e.getTextContent() + "'");
                    }
                }
                case "true" -> {
                    return Boolean.TRUE;
                }
                case "false" -> {
                    return Boolean.FALSE;
                }
                default -> {
                    return e.getTextContent();
                }
            }
        }

        private static List<Element> elements(Element e) {
            List<Element> l = new ArrayList<>();
            NodeList nl = e.getChildNodes();
            for (int i = 0; i < nl.getLength(); i++) {
                if (nl.item(i).getNodeType() == Node.ELEMENT_NODE) {
                    l.add((Element) nl.item(i));
                }
            }
            return l;
        }

        private static Element firstElement(Element e) {
            List<Element> l = elements(e);
            return l.isEmpty() ? null : l.get(0);
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> dict(Map<String, Object> m, String key, Path file) {
            if (!(m.get(key) instanceof Map<?, ?> d)) {
                throw new UserInputException(file + ": main.plist has no '" + key + "' dictionary");
            }
            return (Map<String, Object>) d;
        }

        static String string(Map<String, Object> m, String key, Path file) {
            if (!(m.get(key) instanceof String s)) {
                throw new UserInputException(file + ": main.plist has no '" + key + "' string");
            }
            return s.strip();
        }

        static List<Double> numbers(Map<String, Object> m, String key, int n, Path file) {
            if (m.get(key) instanceof List<?> l && l.size() == n && l.stream().allMatch(Double.class::isInstance)) {
                List<Double> out = new ArrayList<>();
                for (Object o : l) {
                    out.add((Double) o);
                }
                if (out.stream().allMatch(d -> d > 0 && Double.isFinite(d))) {
                    return out;
                }
            }
            throw new UserInputException(file + ": main.plist '" + key + "' must be " + n + " positive numbers");
        }
    }
}
