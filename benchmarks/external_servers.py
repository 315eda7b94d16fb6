"""The external SPARQL 1.1 servers of docs/deployment.md, started on loopback in a folder of their
own: the Oxigraph server and Virtuoso Open Source. Used by the external-store benchmark phase
(:mod:`benchmarks.external`) and by ``tests/test_external_stores.py``: one copy of the code that
starts and stops them (the tests import it from here; the benchmarks import nothing from
``tests/``).

- :func:`start_oxigraph`: ``oxigraph serve --location DIR/data --bind 127.0.0.1:PORT
  --union-default-graph [--timeout-s N]``.
- :func:`start_virtuoso`: ``virtuoso-t`` with a ``virtuoso.ini`` of its own (loopback ports, no
  Unix socket), anonymous SPARQL Update granted (and whatever ``grants`` adds) from ``isql-vt``.

A server that does not come up raises :class:`RuntimeError` with the tail of its own log.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from benchmarks.servers import free_port

VENV_BIN = Path(sys.executable).parent


@dataclass
class Server:
    name: str
    query_url: str
    update_url: str
    gsp_url: str
    process: subprocess.Popen[bytes]
    log: Path
    folder: Path
    sql_port: int = 0  # Virtuoso's isql port

    def env(self, gsp: bool = False) -> dict[str, str]:
        """The settings that point ``crmkg`` at this server: queries, and writes by SPARQL
        Update or (``gsp``) by the Graph Store Protocol alone (with both URLs set, the store
        writes documents by Update)."""
        writes = "CRMKG_SPARQL_GSP_URL" if gsp else "CRMKG_SPARQL_UPDATE_URL"
        return {
            "CRMKG_SPARQL_QUERY_URL": self.query_url,
            writes: self.gsp_url if gsp else self.update_url,
        }


def executable(name: str) -> str | None:
    return shutil.which(name) or shutil.which(name, path=str(VENV_BIN))


def oxigraph_binary() -> str:
    found = executable("oxigraph")
    if found is None:
        raise RuntimeError("`oxigraph` is not installed: `pip install oxigraph` gives the server")
    return found


def virtuoso_missing() -> str | None:
    """Why Virtuoso cannot run here, or None."""
    missing = [n for n in ("virtuoso-t", "isql-vt") if executable(n) is None]
    if missing:
        return (
            f"{', '.join(missing)} not installed (scripts/_virtuoso.sh: Debian "
            "virtuoso-opensource-7-bin)"
        )
    return None


def wait_until_up(server: Server, seconds: float) -> float:
    """Seconds until the query endpoint answers; the server's own log if it dies or stays
    silent."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if server.process.poll() is not None:
            break
        try:
            answer = httpx.get(server.query_url, params={"query": "ASK {}"}, timeout=2)
            if answer.status_code == 200:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    stop(server)
    tail = server.log.read_text(errors="replace")[-3000:] if server.log.exists() else ""
    raise RuntimeError(f"The {server.name} server did not come up within {seconds:g} s:\n{tail}")


def stop(server: Server) -> None:
    """End a server started here (its own process only), gracefully first."""
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=10)


# --- Oxigraph server ------------------------------------------------------------------------------


def start_oxigraph(
    folder: Path, timeout_s: float | None = None, *, union: bool = True
) -> tuple[Server, float]:
    """``oxigraph serve`` on ``folder/data`` (created when missing), its default graph the union
    of the named graphs unless ``union`` is false, queries stopped after ``timeout_s``; the
    seconds until it answers."""
    port = free_port()
    log = folder / "oxigraph.log"
    command = [
        oxigraph_binary(), "serve", "--location", str(folder / "data"),
        "--bind", f"127.0.0.1:{port}",
    ]  # fmt: skip
    if union:
        command.append("--union-default-graph")
    if timeout_s is not None:
        command += ["--timeout-s", f"{timeout_s:g}"]
    with log.open("ab") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    server = Server(
        "Oxigraph", f"{base}/query", f"{base}/update", f"{base}/store", process, log, folder
    )
    return server, wait_until_up(server, 60)


# --- Virtuoso -------------------------------------------------------------------------------------

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
ServerThreads = 10
CheckpointInterval = 60
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty_buffers}
DirsAllowed = {dirs}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
MaxClientConnections = 10

[SPARQL]
; Virtuoso cuts answers at this many rows without an error: keep it above every read.
ResultSetMaxRows = 10000000
"""
#: Answers an error after this many seconds, though Virtuoso 7.2 may go on evaluating the query.
VIRTUOSO_CAP = "MaxQueryExecutionTime = {cap}\n"
#: The anonymous SPARQL user may update, and read and write every graph (loopback only).
VIRTUOSO_GRANTS = (
    "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"
)
#: 8 KB pages: enough for the tests' small graph. The benchmarks take 170000 (about 1.3 GB,
#: Virtuoso's advice for a machine with 2 GB to spare), to hold a graph of millions of quads.
SMALL_BUFFERS = 20000


def isql(server: Server, statements: str, timeout: float = 600) -> str:
    """Statements run by ``isql-vt`` as dba; its output, or an error with it."""
    tool = executable("isql-vt")
    assert tool is not None, virtuoso_missing()
    done = subprocess.run(
        [tool, f"127.0.0.1:{server.sql_port}", "dba", "dba", f"exec={statements}"],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    output = done.stdout + done.stderr
    if done.returncode != 0 or "*** Error" in output:
        raise RuntimeError(f"isql-vt failed on {statements[:200]!r}:\n{output[-2000:]}")
    return output


def start_virtuoso(
    folder: Path,
    *,
    dump_dir: Path | None = None,
    cap: float | None = None,
    buffers: int = SMALL_BUFFERS,
    grants: str = "",
) -> tuple[Server, float]:
    """``virtuoso-t`` in ``folder`` (a new database), allowed to read files in ``dump_dir``,
    stopping queries after ``cap`` seconds, with ``buffers`` pages of cache, and ``grants``
    (SQL) run after :data:`VIRTUOSO_GRANTS`; the seconds until SPARQL answers."""
    binary = executable("virtuoso-t")
    if binary is None:
        raise RuntimeError(virtuoso_missing())
    sql_port, http_port = free_port(), free_port()
    ini = VIRTUOSO_INI.format(
        dir=folder,
        dirs=", ".join([".", str(folder)] + ([str(dump_dir)] if dump_dir else [])),
        sql_port=sql_port,
        http_port=http_port,
        buffers=buffers,
        dirty_buffers=buffers * 3 // 4,
    )
    if cap is not None:
        ini += VIRTUOSO_CAP.format(cap=max(1, round(cap)))
    (folder / "virtuoso.ini").write_text(ini)
    with (folder / "stdout.log").open("wb") as out:
        process = subprocess.Popen(
            [binary, "-f", "+configfile", str(folder / "virtuoso.ini")],
            cwd=folder,
            stdout=out,
            stderr=out,
        )
    sparql = f"http://127.0.0.1:{http_port}/sparql"
    server = Server(
        "Virtuoso", sparql, sparql, f"http://127.0.0.1:{http_port}/sparql-graph-crud", process,
        folder / "virtuoso.log", folder, sql_port,
    )  # fmt: skip
    ready = wait_until_up(server, 120)
    try:
        isql(server, f"{VIRTUOSO_GRANTS} {grants}", timeout=60)
    except Exception:
        stop(server)
        raise
    return server, ready
