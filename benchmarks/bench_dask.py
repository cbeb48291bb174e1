"""Scale-out on Dask, against baselines measured in the same run.

  python benchmarks/bench_dask.py [--articles 160]

Starts a real `dask scheduler` and `dask worker` processes on 127.0.0.1 (one, then two workers),
converts the same corpus with `--dask-scheduler`, and compares:
- 2 workers vs 1 worker (target >= 1.7x on two cores);
- 2 workers vs `newsld convert --jobs 2` (target >= 0.9x: the engine's overhead).
Each time is a whole command, so the client's planning and every worker's model load count.
"""

from __future__ import annotations

import argparse
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import report
from bench_convert import corpus_texts, run, write_corpus

DASK = Path(sys.executable).parent / "dask"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    def __init__(self, workers: int, folder: Path) -> None:
        self.port = free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.processes = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(self.port),
                                            "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                           cwd=folder)]
        for i in range(workers):
            self.processes.append(subprocess.Popen(
                [str(DASK), "worker", self.address, "--host", "127.0.0.1", "--nthreads", "1", "--no-dashboard",
                 "--local-directory", str(folder / f"w{i}")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                cwd=folder))
        from distributed import Client

        with Client(self.address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=120)
            # each worker loads spaCy once, before timing, as a long-running cluster would have
            client.run(lambda: __import__("newsld.distributed").distributed._extractor(
                __import__("newsld.convert").convert.ConvertOptions()))

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            process.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=160)
    args = parser.parse_args()
    newsld = [sys.executable, "-m", "newsld"]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        corpus.mkdir()
        words = write_corpus(corpus, corpus_texts(), args.articles)
        print(f"{args.articles} articles, {words:,} words")
        jobs2, _ = run([*newsld, "convert", str(corpus), "-o", str(root / "j2"), "-q", "-j", "2"])
        timings = {}
        for workers in (1, 2):
            cluster = Cluster(workers, root)
            try:
                time.sleep(1)
                timings[workers], _ = run([*newsld, "convert", str(corpus), "-o", str(root / f"d{workers}"), "-q",
                                           "--dask-scheduler", cluster.address])
            finally:
                cluster.stop()
        report("words/s: Dask 2 workers vs 1 worker", words / timings[2], words / timings[1], ">= 1.7x")
        report("words/s: Dask 2 workers vs convert --jobs 2", words / timings[2], words / jobs2, ">= 0.9x")


if __name__ == "__main__":
    main()
