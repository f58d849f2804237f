#!/bin/sh
# Checks MetaImage files written by fess against ITK and VTK (run by hand; needs the tool of make_fixtures.sh and
# python3-vtk9):  sh check_fess_files.sh ITK_TOOL FILE...
# For each file prints ITK's reading (geometry in LPS, statistics), the RAS affine derived from it, fess info's
# affine and statistics, and VTK's vtkMetaImageReader sum (3D files only), and says whether they agree.
set -eu
tool=$1
shift
for f in "$@"; do
  tmp=$(mktemp)
  "$tool" dump "$f" "$tmp" > "$tmp.itk.json"
  ./fess info --json "$f" > "$tmp.fess.json"
  /usr/bin/python3 - "$f" "$tmp.itk.json" "$tmp.fess.json" <<'PY'
import json, sys
f, itk, fess = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
nd = len(itk["size"])
D = [[itk["direction"][r][c] if r < nd and c < nd else float(r == c) for c in range(3)] for r in range(3)]
sp = [itk["spacing"][a] if a < nd else 1.0 for a in range(3)]
o = [itk["origin"][a] if a < nd else 0.0 for a in range(3)]
flip = [-1, -1, 1]
A = [[flip[r] * D[r][c] * sp[c] for c in range(3)] + [flip[r] * o[r]] for r in range(3)]
diff = max(abs(A[r][c] - fess["affine"][r][c]) for r in range(3) for c in range(4))
vtk_sum = None
if nd <= 3:
    import vtk
    from vtk.util.numpy_support import vtk_to_numpy
    rd = vtk.vtkMetaImageReader(); rd.SetFileName(f); rd.Update()
    vtk_sum = float(vtk_to_numpy(rd.GetOutput().GetPointData().GetScalars()).astype("float64").sum())
ok = diff < 1e-12 and itk["sum"] == fess["sum"] and itk["min"] == fess["min"] and itk["max"] == fess["max"] \
    and (vtk_sum is None or vtk_sum == itk["sum"])
print("%s %s: ITK %s %s sum %.17g | fess sum %.17g | VTK sum %s | affine max diff %.3g"
      % ("OK  " if ok else "DIFF", f, itk["component_type"], itk["size"], itk["sum"], fess["sum"], vtk_sum, diff))
PY
  rm -f "$tmp" "$tmp.itk.json" "$tmp.fess.json"
done
