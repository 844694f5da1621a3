"""A reader in its own process, as a web server reloading would be: reads the files in a loop.

    python pem_reader.py DIR EXPECTED.json STOP_FILE

EXPECTED.json maps each file name to the contents it may have (one per version). Every read
that is not exactly one of them (a partial file, a mix) is recorded. Writes ``DIR/.ready``
after its first pass, stops when STOP_FILE exists, and prints a JSON summary.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> None:
    directory, expected_file, stop = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    expected = {
        name: [v.encode() for v in versions]
        for name, versions in json.loads(expected_file.read_text()).items()
    }
    reads = bad_count = 0
    bad: list[str] = []
    seen: dict[str, set[int]] = {name: set() for name in expected}
    ready = directory / ".ready"
    while not stop.exists():
        for name, versions in expected.items():
            try:
                with open(directory / name, "rb") as handle:
                    data = handle.read()
            except FileNotFoundError:
                data = b"(missing)"
            reads += 1
            if data in versions:
                seen[name].add(versions.index(data))
            else:
                bad_count += 1
                if len(bad) < 10:
                    bad.append(f"{name}: {len(data)} bytes, {data[:30]!r}...{data[-30:]!r}")
        if not ready.exists():
            ready.write_text("1")
    seen_lists = {k: sorted(v) for k, v in seen.items()}
    print(json.dumps({"reads": reads, "bad_count": bad_count, "bad": bad, "seen": seen_lists}))


if __name__ == "__main__":
    main()
