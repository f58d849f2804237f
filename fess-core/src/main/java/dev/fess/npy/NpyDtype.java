package dev.fess.npy;

/**
 * The element types fess reads from and writes to {@code .npy} files, named by numpy's type codes. Every value is
 * converted to {@code float} when read; integers above 2<sup>24</sup> in magnitude (possible for {@code i4},
 * {@code u4}, {@code i8}, {@code u8}) lose precision, which is harmless for images and label maps.
 */
public enum NpyDtype {
    BOOL("b1", 1, 0, 1),
    INT8("i1", 1, Byte.MIN_VALUE, Byte.MAX_VALUE),
    UINT8("u1", 1, 0, 255),
    INT16("i2", 2, Short.MIN_VALUE, Short.MAX_VALUE),
    UINT16("u2", 2, 0, 65535),
    INT32("i4", 4, Integer.MIN_VALUE, Integer.MAX_VALUE),
    UINT32("u4", 4, 0, 4294967295.0),
    INT64("i8", 8, -0x1p63, 0x1p63),
    UINT64("u8", 8, 0, 0x1p64),
    FLOAT32("f4", 4, Double.NaN, Double.NaN),
    FLOAT64("f8", 8, Double.NaN, Double.NaN);

    private final String code;
    private final int size;
    private final double min;
    private final double max;

    NpyDtype(String code, int size, double min, double max) {
        this.code = code;
        this.size = size;
        this.min = min;
        this.max = max;
    }

    /** numpy's kind and size code without byte order, e.g. {@code f4}, {@code u1}. */
    public String code() {
        return code;
    }

    /** Bytes per element. */
    public int itemSize() {
        return size;
    }

    public boolean isFloating() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /** The {@code descr} written to a header: little-endian ({@code <}) or {@code |} for one-byte types. */
    public String littleEndianDescr() {
        return (size == 1 ? "|" : "<") + code;
    }

    /** Whether {@code v} can be stored in this type without change (integral and in range; any value for floats). */
    public boolean represents(float v) {
        if (isFloating()) {
            return true;
        }
        if (this == BOOL) {
            return v == 0f || v == 1f;
        }
        return v == Math.rint(v) && v >= min && (this == INT64 || this == UINT64 ? v < max : v <= max);
    }

    /** The dtype with the given code ({@code f4}, {@code u1} ...), or {@code null} if fess does not support it. */
    public static NpyDtype ofCode(String code) {
        for (NpyDtype t : values()) {
            if (t.code.equals(code)) {
                return t;
            }
        }
        if (code.equals("?")) {
            return BOOL;
        }
        return null;
    }
}
