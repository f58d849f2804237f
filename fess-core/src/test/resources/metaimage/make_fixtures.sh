#!/bin/sh
# Regenerates the MetaImage fixtures and expected.json with ITK (not with fess):
#   apt-get install -y libinsighttoolkit5-dev cmake g++ python3
#   sh fess-core/src/test/resources/metaimage/make_fixtures.sh
# Builds tool/itk_metaimage.cxx against ITK, writes images with ITK's ImageFileWriter (MetaImageIO), derives the
# variants MetaIO reads but ITK does not write (big-endian, HeaderSize, LIST, patterns, gzip data, legacy keys) by
# editing those files, and records in expected.json what ITK's ImageIO reads back from every file.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
(cd "$build" && cmake "$here/tool" -DCMAKE_BUILD_TYPE=Release >/dev/null && make >/dev/null)
/usr/bin/python3 "$here/make_fixtures.py" "$build/itk_metaimage" "$here"
