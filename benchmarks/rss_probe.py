"""`python -m benchmarks.rss_probe OUT MODULE ARGS…`: run `python -m MODULE ARGS…` and, when
it exits, write its peak resident memory (kB) to OUT, with that of the largest process it
started and waited for (the import's catalogue reader) added: they run side by side.

Why not ru_maxrss: Linux keeps a process's high-water mark across exec, so a child forked from
a big parent (the benchmark runner holds a 100,000-title index) reports at least the parent's
size, whatever it used itself. VmHWM in /proc/self/status is the peak of the address space the
program really ran in, which exec made new.
"""

from __future__ import annotations

import atexit
import resource
import runpy
import sys
from pathlib import Path


def peak_kilobytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def children_kilobytes() -> int:
    """The peak of the largest child waited for (0 if none). The import starts its reader
    before it grows, so what exec carries over (above) is less than the reader's own peak."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit("usage: python -m benchmarks.rss_probe OUT MODULE [ARGS…]")
    out, module, *arguments = sys.argv[1:]
    atexit.register(lambda: Path(out).write_text(str(peak_kilobytes() + children_kilobytes())))
    sys.argv = [module, *arguments]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
