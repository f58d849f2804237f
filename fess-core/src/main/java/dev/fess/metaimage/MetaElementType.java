package dev.fess.metaimage;

import java.util.Locale;

/**
 * The MetaImage element types fess reads, with MetaIO's sizes ({@code metaTypes.h}): {@code MET_LONG} and
 * {@code MET_ULONG} are 4 bytes, {@code MET_LONG_LONG} and {@code MET_ULONG_LONG} 8 bytes. The {@code _ARRAY}
 * spellings (which ITK reads as vector pixels) are accepted as the same scalar type.
 */
public enum MetaElementType {
    CHAR(1, true, -128, 127),
    UCHAR(1, true, 0, 255),
    SHORT(2, true, Short.MIN_VALUE, Short.MAX_VALUE),
    USHORT(2, true, 0, 65535),
    INT(4, true, Integer.MIN_VALUE, Integer.MAX_VALUE),
    UINT(4, true, 0, 4294967295.0),
    LONG(4, true, Integer.MIN_VALUE, Integer.MAX_VALUE),
    ULONG(4, true, 0, 4294967295.0),
    LONG_LONG(8, true, -0x1p63, 0x1p63 - 1024),
    ULONG_LONG(8, true, 0, 0x1p64 - 2048),
    FLOAT(4, false, Double.NaN, Double.NaN),
    DOUBLE(8, false, Double.NaN, Double.NaN);

    private final int bytes;
    private final boolean integer;
    private final double min;
    private final double max;

    MetaElementType(int bytes, boolean integer, double min, double max) {
        this.bytes = bytes;
        this.integer = integer;
        this.min = min;
        this.max = max;
    }

    /** Bytes per element value. */
    public int bytes() {
        return bytes;
    }

    public boolean isInteger() {
        return integer;
    }

    /** Smallest value of an integer type (NaN for float types). */
    public double minValue() {
        return min;
    }

    /** Largest value of an integer type that survives a round trip through double (NaN for float types). */
    public double maxValue() {
        return max;
    }

    /** The header spelling: {@code MET_UCHAR}, {@code MET_LONG_LONG}, ... */
    public String metaName() {
        return "MET_" + name();
    }

    /**
     * The type for a header value such as {@code MET_SHORT} or {@code MET_FLOAT_ARRAY} (case-sensitive, as MetaIO).
     *
     * @throws IllegalArgumentException naming the value and the supported types
     */
    public static MetaElementType fromName(String value) {
        String v = value.trim();
        String base = v.endsWith("_ARRAY") ? v.substring(0, v.length() - 6) : v;
        for (MetaElementType t : values()) {
            if (t.metaName().equals(base)) {
                return t;
            }
        }
        String hint = switch (base) {
            case "MET_STRING", "MET_ASCII_CHAR" -> " (text, not voxel values)";
            case "MET_FLOAT_MATRIX" -> " (matrix pixels are not supported)";
            case "MET_OTHER", "MET_NONE" -> " (no voxel type)";
            default -> base.toUpperCase(Locale.ROOT).equals(base) ? "" : " (names are upper case)";
        };
        throw new IllegalArgumentException("ElementType '" + v + "' is not supported" + hint + "; expected one of"
                + " MET_CHAR, MET_UCHAR, MET_SHORT, MET_USHORT, MET_INT, MET_UINT, MET_LONG, MET_ULONG,"
                + " MET_LONG_LONG, MET_ULONG_LONG, MET_FLOAT, MET_DOUBLE");
    }
}
