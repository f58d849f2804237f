"""Writes the .npy fixtures used by NpyTest (run with numpy 1.24: python3 make_fixtures.py).

Each file holds an array of shape (2, 3, 4) whose element at C-order position n is
  signed ints: n - 12, unsigned ints: n, bool: n % 3 == 0, floats: n * 0.5 - 3.25
so the test recomputes the expected values independently. Variants: every dtype in little- and big-endian,
C and Fortran order; format versions 2.0 and 3.0; and numpy.save's own output (to compare the writer's bytes).
"""
import json
import numpy as np

codes = ["b1", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f4", "f8"]
n = np.arange(24).reshape(2, 3, 4)


def values(code):
    if code == "b1":
        return n % 3 == 0
    if code[0] == "i":
        return n - 12
    if code[0] == "u":
        return n
    return n * 0.5 - 3.25


index = []
for code in codes:
    for order_char in ("<", ">"):
        if code[1] == "1" and order_char == ">":
            continue
        dt = np.dtype(order_char + code) if code[1] != "1" else np.dtype(code)
        for fortran in (False, True):
            a = values(code).astype(dt)
            if fortran:
                a = np.asfortranarray(a)
            name = "%s_%s_%s.npy" % (code, "be" if order_char == ">" else "le", "F" if fortran else "C")
            np.save(name, a)
            index.append({"file": name, "code": code, "fortran": fortran, "version": "1.0"})
    np.save("save_%s.npy" % code, values(code).astype(np.dtype(code)))

for version in ((2, 0), (3, 0)):
    name = "f4_v%d.npy" % version[0]
    with open(name, "wb") as f:
        np.lib.format.write_array(f, values("f4").astype("<f4"), version=version)
    index.append({"file": name, "code": "f4", "fortran": False, "version": "%d.0" % version[0]})

np.save("save_shape1.npy", np.arange(5, dtype=np.float32))
np.save("save_scalar.npy", np.float32(2.5))
np.save("volume_4d.npy", (np.arange(4 * 3 * 2 * 2).reshape(4, 3, 2, 2) * 1.0).astype(np.float32))

with open("fixtures.json", "w") as f:
    json.dump({"numpy": np.__version__, "shape": [2, 3, 4], "files": index}, f, indent=1)
