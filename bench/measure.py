"""Running a command as a whole process: wall time, exit status, peak memory, streamed output."""

from __future__ import annotations

import math
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE")

# Linux carries a process's peak RSS across fork and exec, so a command started straight from this
# (large) process would report this process's size as its own peak. A small launcher starts it
# instead and writes the command's own wall time (from spawn to exit, so the launcher's own
# start-up is not counted), peak RSS (KiB) and CPU seconds to the descriptor it is given.
_LAUNCHER = """
import os, sys, time
report = int(sys.argv[1])
started = time.perf_counter()
pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
os.write(report, f"{seconds} {usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}".encode())
os.close(report)
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


@dataclass
class Run:
    seconds: float
    returncode: int
    peak_rss: int  # bytes
    cpu: float  # user + system seconds of the process and the children it waited for
    stdout: str
    stderr: str
    # (seconds since start, line) for every stdout line, when streaming was asked for
    lines: list[tuple[float, str]] = field(default_factory=list)


def run(cmd: list[str], sample_tree: bool = False, stream: bool = False) -> Run:
    """Run ``cmd`` to completion.

    Peak memory is the child's ``ru_maxrss`` from ``wait4`` (the largest single process of its
    tree); with ``sample_tree`` the summed RSS of the whole process tree is also sampled every
    0.2 s, which is what counts for a command that starts worker processes.
    """
    started = time.perf_counter()
    report, report_end = os.pipe()
    proc = subprocess.Popen(
        _launched(cmd, report_end), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        encoding="utf-8", pass_fds=(report_end,),
    )  # fmt: skip
    os.close(report_end)
    sampler = _TreeSampler(proc.pid) if sample_tree else None
    err_chunks: list[str] = []
    err_thread = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()))
    err_thread.start()
    lines: list[tuple[float, str]] = []
    out_chunks: list[str] = []
    if stream:
        for line in proc.stdout:
            lines.append((time.perf_counter() - started, line))
            out_chunks.append(line)
    else:
        out_chunks.append(proc.stdout.read())
    _, status, _ = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    err_thread.join()
    proc.stdout.close()
    proc.stderr.close()
    seconds, peak, cpu = _read_report(report, seconds)
    if sampler is not None:
        peak = max(peak, sampler.stop())
    return Run(
        seconds, proc.returncode, peak, cpu, "".join(out_chunks), "".join(err_chunks), lines
    )


def run_pipeline(cmds: list[list[str]]) -> Run:
    """Run ``cmd1 | cmd2 | …``; the time is until the last one exits, memory the largest one."""
    if len(cmds) == 1:
        return run(cmds[0])
    started = time.perf_counter()
    procs: list[subprocess.Popen] = []
    reports: list[int] = []
    upstream = None
    for i, cmd in enumerate(cmds):
        last = i == len(cmds) - 1
        report, report_end = os.pipe()
        proc = subprocess.Popen(
            _launched(cmd, report_end), stdin=upstream, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=last, encoding="utf-8" if last else None,
            pass_fds=(report_end,),
        )
        os.close(report_end)
        reports.append(report)
        if upstream is not None:
            upstream.close()  # so that the upstream command sees SIGPIPE if this one exits
        upstream = proc.stdout
        procs.append(proc)
    out = procs[-1].stdout.read()
    procs[-1].stdout.close()
    peak = 0
    cpu = 0.0
    codes = []
    for proc, report in zip(procs, reports, strict=True):
        _, status, _ = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        codes.append(proc.returncode)
        _, proc_peak, proc_cpu = _read_report(report, 0.0)
        peak = max(peak, proc_peak)
        cpu += proc_cpu
    seconds = time.perf_counter() - started
    return Run(seconds, codes[-1], peak, cpu, out, "")


def _launched(cmd: list[str], report_end: int) -> list[str]:
    """``cmd`` behind the launcher, which reports on ``report_end``."""
    return [sys.executable, "-S", "-c", _LAUNCHER, str(report_end), *cmd]


def _read_report(report: int, seconds: float) -> tuple[float, int, float]:
    """The command's wall seconds, peak RSS (bytes) and CPU seconds, as its launcher wrote them
    (``seconds`` as measured from here, when it wrote nothing)."""
    with os.fdopen(report, "rb") as stream:
        fields = stream.read().split()
    if len(fields) != 3:
        return seconds, 0, 0.0
    return float(fields[0]), int(fields[1]) * 1024, float(fields[2])


def timed(call: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (``pct`` in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def tree_bytes(path: Path) -> int:
    """Total size of the files under ``path`` (or of the file itself)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


class _TreeSampler:
    def __init__(self, root: int, interval: float = 0.2) -> None:
        self._root = root
        self._interval = interval
        self._peak = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def stop(self) -> int:
        self._done.set()
        self._thread.join()
        return self._peak

    def _loop(self) -> None:
        while not self._done.wait(self._interval):
            self._peak = max(self._peak, _tree_rss(self._root))


def _tree_rss(root: int) -> int:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # the command name may hold spaces and parentheses: fields start after the last ')'
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    total = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                total += int(f.read().split()[1]) * _PAGE
        except OSError:
            continue
    return total
