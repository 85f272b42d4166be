#!/usr/bin/env python3
"""Checks every `#include "folder/..."` under src/ against the dependency table
of docs/ARCHITECTURE.md ("Libraries and the direction of dependencies"): a file
in a layer's folder may include its own folder's headers, the public API
(openkv/), generated protobuf headers, and the headers of the layers its row
depends on, directly or transitively. Prints every violation; exit 1 if any.

Usage: check_includes.py <source root>
"""
import pathlib
import re
import sys

ROW = re.compile(r"^\|\s*`[^`]+`[^|]*\|\s*`src/([^`]+)`[^|]*\|([^|]*)\|")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def read_table(doc):
    deps = {}
    for line in doc.read_text().splitlines():
        m = ROW.match(line)
        if m:
            folder = m.group(1)
            deps[folder] = [d.strip() for d in re.split(r",", m.group(2))
                            if d.strip() not in ("", "–", "-")]
    return deps


def closure(folder, deps, seen=None):
    seen = set() if seen is None else seen
    for d in deps.get(folder, []):
        if d not in seen:
            seen.add(d)
            closure(d, deps, seen)
    return seen


def owner(path, folders):
    """The table folder a src-relative path belongs to (longest prefix)."""
    best = None
    for f in folders:
        if (path == f or path.startswith(f + "/")) and (best is None or len(f) > len(best)):
            best = f
    return best


def main():
    root = pathlib.Path(sys.argv[1])
    deps = read_table(root / "docs" / "ARCHITECTURE.md")
    if not deps:
        print("no dependency table found in docs/ARCHITECTURE.md")
        return 1
    unknown = [d for ds in deps.values() for d in ds if d not in deps]
    if unknown:
        print(f"docs/ARCHITECTURE.md names dependencies that are not folders of the table: {unknown}")
        return 1
    problems = []
    for source in sorted((root / "src").rglob("*")):
        if source.suffix not in (".h", ".cc"):
            continue
        rel = source.relative_to(root / "src")
        layer = owner(str(rel.parent), deps)
        if layer is None:
            problems.append(f"src/{rel}: folder src/{rel.parent} has no row in the "
                            "dependency table of docs/ARCHITECTURE.md")
            continue
        allowed = closure(layer, deps) | {layer}
        for included in INCLUDE.findall(source.read_text(errors="replace")):
            if "/" not in included or included.startswith("openkv/"):
                continue  # own directory, generated protobuf, or the public API
            target = owner(str(pathlib.PurePosixPath(included).parent), deps)
            if target is None:
                problems.append(f"src/{rel}: includes \"{included}\", which is in no layer")
            elif target not in allowed:
                problems.append(f"src/{rel}: includes \"{included}\" (layer src/{target}), but "
                                f"src/{layer} depends only on {sorted(allowed - {layer})}")
    for p in problems:
        print(p)
    print(f"{len(deps)} layers checked, {len(problems)} violation(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
