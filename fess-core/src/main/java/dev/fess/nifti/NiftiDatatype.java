package dev.fess.nifti;

import java.util.Locale;

/**
 * The NIfTI voxel types fess reads and writes: real scalars only. Complex, RGB, binary and 128-bit float codes
 * are known by name so that {@link #fromCode} can refuse them with a clear reason.
 */
public enum NiftiDatatype {
    UINT8(2, 1, 0, 255),
    INT8(256, 1, Byte.MIN_VALUE, Byte.MAX_VALUE),
    INT16(4, 2, Short.MIN_VALUE, Short.MAX_VALUE),
    UINT16(512, 2, 0, 65535),
    INT32(8, 4, Integer.MIN_VALUE, Integer.MAX_VALUE),
    UINT32(768, 4, 0, 4294967295.0),
    INT64(1024, 8, -0x1p63, 0x1p63 - 1024),
    FLOAT32(16, 4, Double.NaN, Double.NaN),
    FLOAT64(64, 8, Double.NaN, Double.NaN);

    private final int code;
    private final int bytes;
    private final double min;
    private final double max;

    NiftiDatatype(int code, int bytes, double min, double max) {
        this.code = code;
        this.bytes = bytes;
        this.min = min;
        this.max = max;
    }

    /** The NIfTI {@code datatype} code. */
    public int code() {
        return code;
    }

    /** Bytes per voxel value ({@code bitpix / 8}). */
    public int bytes() {
        return bytes;
    }

    /** Whether values are integers (written rounded and range-checked). */
    public boolean isInteger() {
        return this != FLOAT32 && this != FLOAT64;
    }

    /** Smallest representable value of an integer type (NaN for float types). */
    public double minValue() {
        return min;
    }

    /**
     * Largest value of an integer type that survives a round trip through double (NaN for float types); for INT64
     * this is the largest double below 2^63.
     */
    public double maxValue() {
        return max;
    }

    /** Lower-case name as numpy spells it: uint8, int16, float32, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The datatype for a NIfTI code.
     *
     * @throws IllegalArgumentException for an unknown code or an unsupported one (complex, RGB, binary, float128);
     *     the message says which
     */
    public static NiftiDatatype fromCode(int code) {
        for (NiftiDatatype t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        String name = switch (code) {
            case 1 -> "binary (1 bit)";
            case 32 -> "complex64";
            case 128 -> "rgb24";
            case 1536 -> "float128";
            case 1792 -> "complex128";
            case 2048 -> "complex256";
            case 2304 -> "rgba32";
            default -> null;
        };
        if (name != null) {
            throw new IllegalArgumentException("datatype code " + code + " (" + name
                    + ") is not supported: fess reads real scalar voxels only (uint8..int64, float32, float64)");
        }
        throw new IllegalArgumentException(
                "unknown datatype code " + code + " (expected one of 2, 4, 8, 16, 64, 256, 512, 768, 1024)");
    }
}
