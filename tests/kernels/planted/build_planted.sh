#!/usr/bin/env bash
# Builds the planted kernels (outside CI; docs/validation-planted.md).
#
#   build_planted.sh LINUX PRISTINE OUT [CHANGE...]
#
# LINUX is a configured, once fully built copy of the 6.12 tree (never the
# pristine one), PRISTINE the untouched tree. For "base" and each change of
# changes.json (or those named): apply it, rebuild vmlinux.o (only the touched
# units recompile; kbuild runs objtool on vmlinux.o), and keep vmlinux.o,
# objtool's lines of the build log, the markers and the config in OUT/<change>/.
# The tree is restored to base at the end.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
linux=$1 pristine=$2 out=$3
shift 3
changes=("$@")
if [ ${#changes[@]} -eq 0 ]; then
    mapfile -t changes < <(python3 -c 'import json,sys; print("base"); [print(c) for c in json.load(open(sys.argv[1]))["changes"]]' "$here/changes.json")
fi
trap '"$here/apply_planted.py" --tree "$linux" --pristine "$pristine" base' EXIT
for c in "${changes[@]}"; do
    dest=$out/$c
    mkdir -p "$dest"
    "$here/apply_planted.py" --tree "$linux" --pristine "$pristine" --markers "$dest/markers.json" "$c"
    start=$(date +%s)
    if ! nice -n 19 make -C "$linux" -j2 vmlinux_o >"$dest/build.log" 2>&1; then
        echo "$c: build failed, see $dest/build.log" >&2
        exit 1
    fi
    grep 'objtool:' "$dest/build.log" >"$dest/objtool.txt" || true
    cp "$linux/vmlinux.o" "$dest/vmlinux.o"
    cp "$linux/.config" "$dest/config"
    echo "$c: $(( $(date +%s) - start )) s, objtool lines: $(wc -l <"$dest/objtool.txt")"
done
