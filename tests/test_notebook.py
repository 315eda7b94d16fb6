"""The exploration notebook runs headless, so it cannot rot; its outputs are never committed."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from kg.explore import DUMP_VARIABLE, load_queries, open_graph, select_records
from kg.settings import PROJECT_ROOT
from kg.store import GraphStore, OxigraphStore

NOTEBOOK = PROJECT_ROOT / "notebooks" / "explore.ipynb"


def test_the_notebook_is_committed_without_outputs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)  # type: ignore[no-untyped-call]
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def _kernel_home(root: Path) -> Path:
    """A Jupyter data folder whose ``python3`` kernel is this interpreter (the venv's), so
    no kernel registered elsewhere on the machine is used and nothing is registered globally."""
    kernel = root / "kernels" / "python3"
    kernel.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "crmkg (venv)",
        "language": "python",
    }
    (kernel / "kernel.json").write_text(json.dumps(spec))
    return root


def _outputs(notebook: Any, kind: str) -> list[Any]:
    return [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if kind in output.get("data", {})
    ]


@pytest.mark.timeout(900)
def test_the_notebook_runs_headless(
    built_store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert isinstance(built_store, OxigraphStore)
    dump = tmp_path / "graph.nq"
    with dump.open("wb") as output:
        built_store.dump(output)
    monkeypatch.setenv(DUMP_VARIABLE, str(dump))
    monkeypatch.setenv("JUPYTER_PATH", str(_kernel_home(tmp_path / "jupyter")))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    notebook = nbformat.read(NOTEBOOK, as_version=4)  # type: ignore[no-untyped-call]
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=600,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    assert len(_outputs(notebook, "image/png")) >= 2  # gallium and NMO neighbourhoods
    tables = [o["data"]["text/html"] for o in _outputs(notebook, "text/html")]
    assert len(tables) >= len(load_queries())  # a table per competency question, and more
    assert "restrictsExportOf" in "".join(tables)  # CQ1/CQ2 answers and the path table
    last = notebook.cells[-1].outputs
    assert last and "sentence" in last[-1]["data"]["text/html"]


def test_open_graph_loads_a_dump(built_store: GraphStore, tmp_path: Path) -> None:
    assert isinstance(built_store, OxigraphStore)
    dump = tmp_path / "graph.nq"
    with dump.open("wb") as output:
        built_store.dump(output)
    graph = open_graph(dump=dump)
    assert graph.store.count() == built_store.count()
    rows = select_records(graph.store, load_queries()["cq01"])
    assert rows and all(isinstance(row, dict) for row in rows)
