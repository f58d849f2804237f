"""Writes the MetaImage fixtures with ITK (see make_fixtures.sh) and expected.json from ITK's reading of them.

expected.json, per fixture: ITK's geometry (LPS: spacing, origin, direction with columns = axis directions), the
RAS affine diag(-1, -1, 1) . [D . diag(spacing) | origin] computed here from ITK's numbers, fess's shape
(nx, ny, nz, channels), the element type, statistics in double of the stored values, the SHA-256 of all values
as little-endian float32 in fess's order (i fastest, channel slowest), and a few sample values.
"""
import gzip
import hashlib
import json
import math
import os
import struct
import subprocess
import sys
import tempfile

tool, out = sys.argv[1], sys.argv[2]
os.chdir(out)
for f in os.listdir("."):
    if f.endswith((".mha", ".mhd", ".raw", ".zraw", ".gz")):
        os.remove(f)


def make(name, etype, dims, comps=1, compress=False, spacing=(1, 1, 1), origin=(0, 0, 0), direction=None, nt=None):
    d = direction or [1, 0, 0, 0, 1, 0, 0, 0, 1]
    nx, ny, nz = (list(dims) + [0])[:3]
    args = [tool, "make", name, etype, str(nx), str(ny), str(nz), str(comps), "1" if compress else "0"]
    args += ["%.17g" % v for v in list(spacing) + list(origin) + list(d)]
    if nt:
        args.append(str(nt))
    subprocess.run(args, check=True)


def rot(ax, deg):
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    if ax == "z":
        return [[c, -s, 0], [s, c, 0], [0, 0, 1]]
    return [[1, 0, 0], [0, c, -s], [0, s, c]]


def matmul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)] for i in range(3)]


oblique = sum(matmul(rot("z", 30), rot("x", 20)), [])


def split_header(path):
    data = open(path, "rb").read()
    at = data.index(b"ElementDataFile")
    end = data.index(b"\n", at) + 1
    return data[:end].decode("latin-1"), data[end:]


def set_field(header, key, value):
    lines = header.splitlines()
    out, done = [], False
    for line in lines:
        k = line.split("=")[0].strip()
        if k == key:
            if value is not None:
                out.append("%s = %s" % (key, value))
            done = True
        else:
            out.append(line)
    if not done and value is not None:
        out.insert(len(out) - 1, "%s = %s" % (key, value))
    return "\n".join(out) + "\n"


def rename_field(header, old, new):
    return "\n".join(new + line[len(old):] if line.split("=")[0].strip() == old else line
                     for line in header.splitlines()) + "\n"


def swap(data, size):
    return b"".join(data[i:i + size][::-1] for i in range(0, len(data), size))


# --- images written by ITK ---
make("short_oblique.mha", "short", (6, 5, 4), spacing=(0.9, 1.1, 2.5), origin=(-10.5, 20.25, 3.125),
     direction=oblique)
make("float_flipped_compressed.mha", "float", (7, 6, 5), compress=True, spacing=(1.5, 0.75, 3),
     origin=(100, -50.5, 7), direction=[-1, 0, 0, 0, 1, 0, 0, 0, -1])
make("uchar_label.mhd", "uchar", (5, 4, 3), spacing=(1, 1, 1), origin=(0, 0, 0))
make("ushort_compressed.mhd", "ushort", (6, 4, 3), compress=True, spacing=(0.5, 0.5, 0.8), origin=(1, 2, 3),
     direction=[0, 1, 0, 1, 0, 0, 0, 0, 1])
for t in ["char", "int", "uint", "longlong", "ulonglong", "double"]:
    make(t + ".mha", t, (4, 3, 2), spacing=(1.25, 1, 0.5), origin=(-1, -2, -3))
make("vector3_float.mha", "float", (4, 3, 2), comps=3, compress=True, spacing=(2, 2, 2), origin=(5, 6, 7))
make("dim4_short.mha", "short", (3, 2, 2), nt=3, spacing=(0.5, 0.5, 1), origin=(1, 2, 3))
make("slice2d_float.mha", "float", (5, 4), spacing=(0.7, 0.3, 1), origin=(-4, 9, 0))

# --- variants MetaIO reads, derived from ITK's files ---
h, d = split_header("int.mha")
open("long_from_int.mha", "wb").write(set_field(h, "ElementType", "MET_LONG").encode() + d)
h, d = split_header("uint.mha")
open("ulong_from_uint.mha", "wb").write(set_field(h, "ElementType", "MET_ULONG").encode() + d)

h, d = split_header("short_oblique.mha")
open("bigendian_short.mha", "wb").write(set_field(h, "BinaryDataByteOrderMSB", "True").encode() + swap(d, 2))
legacy = rename_field(rename_field(rename_field(h, "TransformMatrix", "Rotation"), "Offset", "Position"),
                      "ElementSpacing", "ElementSize")
open("legacy_keys.mha", "wb").write(legacy.encode() + d)

h, d = split_header("double.mha")
h = set_field(set_field(h, "BinaryDataByteOrderMSB", None), "ElementByteOrderMSB", "True")
open("bigendian_double.mhd", "wb").write(set_field(h, "ElementDataFile", "bigendian_double.raw").encode())
open("bigendian_double.raw", "wb").write(swap(d, 8))

h, d = split_header("uchar_label.mhd")
raw = open("uchar_label.raw", "rb").read()
h, _ = split_header("short_oblique.mha")
sd = split_header("short_oblique.mha")[1]
open("headersize_minus1.mhd", "wb").write(
    set_field(set_field(h, "HeaderSize", "-1"), "ElementDataFile", "headersize_minus1.raw").encode())
open("headersize_minus1.raw", "wb").write(b"junk before the data: HeaderSize = -1\n" + sd)
open("headersize_16.mhd", "wb").write(
    set_field(set_field(h, "HeaderSize", "16"), "ElementDataFile", "headersize_16.raw").encode())
open("headersize_16.raw", "wb").write(b"sixteen bytes..\n" + sd)

# LIST and pattern: one file per z slice of short_oblique (6*5 shorts each)
slice_bytes = 6 * 5 * 2
names = ["list_z%d.raw" % z for z in range(4)]
for z, n in enumerate(names):
    open(n, "wb").write(sd[z * slice_bytes:(z + 1) * slice_bytes])
open("list.mhd", "wb").write((set_field(h, "ElementDataFile", "LIST 2") + "\n".join(names) + "\n").encode())
for z in range(4):
    open("pattern_%02d.raw" % (z + 1), "wb").write(sd[z * slice_bytes:(z + 1) * slice_bytes])
open("pattern.mhd", "wb").write(set_field(h, "ElementDataFile", "pattern_%02d.raw 1 4 1").encode())

h, d = split_header("float_flipped_compressed.mha")
open("no_compressed_size.mha", "wb").write(set_field(h, "CompressedDataSize", None).encode() + d)
fh, fd = split_header("ushort_compressed.mhd")
plain = open("ushort_compressed.zraw", "rb").read()
import zlib
ushort_raw = zlib.decompress(plain)
with gzip.GzipFile("gzip_data.raw.gz", "wb", compresslevel=6, mtime=0) as g:
    g.write(ushort_raw)
open("gzip_data.mhd", "wb").write(set_field(set_field(fh, "CompressedDataSize", None), "ElementDataFile",
                                                      "gzip_data.raw.gz").encode())

# --- files every reader must refuse ---
bad = {}
h, d = split_header("short_oblique.mha")
open("bad_truncated.mha", "wb").write(h.encode() + d[:-10])
bad["bad_truncated.mha"] = "cut short"
open("bad_type.mha", "wb").write(set_field(h, "ElementType", "MET_STRING").encode() + d)
bad["bad_type.mha"] = "ElementType"
open("bad_huge_dims.mha", "wb").write(set_field(h, "DimSize", "100000 100000 100000").encode() + d)
bad["bad_huge_dims.mha"] = "2^31"
open("bad_missing_data.mhd", "wb").write(set_field(h, "ElementDataFile", "nothing_here.raw").encode())
bad["bad_missing_data.mhd"] = "does not exist"
h2, d2 = split_header("float_flipped_compressed.mha")
corrupt = bytearray(d2)
for i in range(10, min(len(corrupt), 40)):
    corrupt[i] ^= 0x5A
open("bad_corrupt_zlib.mha", "wb").write(h2.encode() + bytes(corrupt))
bad["bad_corrupt_zlib.mha"] = "compressed"
open("bad_empty.mha", "wb").write(b"")
bad["bad_empty.mha"] = "empty"
open("bad_binary.mha", "wb").write(bytes(range(256)) * 4)
bad["bad_binary.mha"] = "Key = Value"
open("bad_no_datafile.mhd", "wb").write("\n".join(h.splitlines()[:-1]).encode() + b"\n")
bad["bad_no_datafile.mhd"] = "ElementDataFile"
open("bad_singular.mha", "wb").write(set_field(h, "TransformMatrix", "1 0 0 1 0 0 0 0 1").encode() + d)
bad["bad_singular.mha"] = "singular"

# --- what ITK reads ---
expected = {"tool": "ITK " + "%s" % "", "fixtures": {}, "bad": {}}
good = sorted(f for f in os.listdir(".") if f.endswith((".mha", ".mhd")) and not f.startswith("bad_"))
for f in good:
    with tempfile.NamedTemporaryFile() as tmp:
        r = subprocess.run([tool, "dump", f, tmp.name], check=True, capture_output=True, text=True)
        itk = json.loads(r.stdout)
        floats = open(tmp.name, "rb").read()
    expected["tool"] = "ITK " + itk["itk_version"] + " ImageIO (MetaImageIO), Debian libinsighttoolkit5-dev"
    nd = len(itk["size"])
    size = itk["size"] + [1] * (3 - nd)
    D = [[1.0 if r == c else 0.0 for c in range(3)] for r in range(3)]
    sp = [1.0] * 3
    org = [0.0] * 3
    for r in range(min(nd, 3)):
        sp[r] = itk["spacing"][r]
        org[r] = itk["origin"][r]
        for c in range(min(nd, 3)):
            D[r][c] = itk["direction"][r][c]
    flip = [-1.0, -1.0, 1.0]
    affine = [[flip[r] * D[r][c] * sp[c] for c in range(3)] + [flip[r] * org[r]] for r in range(3)]
    affine.append([0.0, 0.0, 0.0, 1.0])
    channels = itk["components"] * (size[3] if nd == 4 else 1)
    n = len(floats) // 4
    values = struct.unpack("<%df" % n, floats)
    picks = sorted(set([0, n - 1, n // 2, n // 3, (2 * n) // 3, 7 % n]))
    expected["fixtures"][f] = {
        "component_type": itk["component_type"],
        "shape": size[:3] + [channels],
        "itk_spacing": itk["spacing"], "itk_origin": itk["origin"], "itk_direction": itk["direction"],
        "affine_ras": affine,
        "sum": itk["sum"], "min": itk["min"], "max": itk["max"],
        "sha256_float32": hashlib.sha256(floats).hexdigest(),
        "samples": {str(i): values[i] for i in picks},
    }
# ITK 5.2 (and VTK 9.1) read zeros when CompressedDataSize is missing; MetaIO's current rule (the stream runs to the
# end of the file) gives the bytes of the file it was cut from, so that file's reading is the reference.
expected["fixtures"]["no_compressed_size.mha"] = dict(expected["fixtures"]["float_flipped_compressed.mha"])
expected["fixtures"]["no_compressed_size.mha"]["reference"] = (
    "float_flipped_compressed.mha without its CompressedDataSize line: ITK 5.2 reads zeros here, current MetaIO"
    " inflates to the end of the file")
for f, reason in sorted(bad.items()):
    with tempfile.NamedTemporaryFile() as tmp:
        r = subprocess.run([tool, "dump", f, tmp.name], capture_output=True, text=True)
    expected["bad"][f] = {"fess_reason_contains": reason, "itk_refuses": r.returncode != 0}
with open("expected.json", "w") as fo:
    json.dump(expected, fo, indent=1, sort_keys=True)
    fo.write("\n")
print("%d fixtures, %d bad files" % (len(expected["fixtures"]), len(expected["bad"])))
