"""The walkthrough notebooks run top to bottom in a fresh kernel, on the seeds, without errors.

Each notebook in ``notebooks/`` is executed with nbclient in a new ``python3``
kernel of this interpreter (the venv's: its kernelspec is installed into
``sys.prefix`` when missing), with the ``notebooks/`` folder as working directory
and 120 s per cell. After the last cell, a few assertions run in the same kernel
on the notebook's variables (the tables have rows, a path was found with evidence
on every hop, ...), and the outputs of tagged cells are checked (tables, plots,
inline pages). The notebooks are also checked to be committed clean (no outputs)
and to be exactly what ``notebooks/make_notebooks.py`` writes.

Deselect with ``pytest -m "not notebooks"``.
"""
from __future__ import annotations

import importlib.util
import os
import sys
import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("pandas")
pytest.importorskip("matplotlib")

pytestmark = pytest.mark.notebooks

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NAMES = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
CELL_TIMEOUT = 120

#: Run in the notebook's kernel after its last cell: the key results exist and make sense.
CHECKS = {
    "01-quickstart.ipynb": """
        assert report.added == 2 and not report.errors, report.summary()
        assert len(documents) == 2 and (documents["claims"].astype(int) > 0).all(), documents
        assert len(claims) > 0 and claims["evidence"].str.len().gt(0).all()
        assert {"subject", "relation", "object", "modality", "evidence", "document"} <= set(claims.columns)
        assert len(actors) > 0 and actors["claims"].sum() == 2 * len(claims)
        assert conforms, messages
        assert not workdir.exists()
    """,
    "02-sparql.ipynb": """
        assert len(saved_queries()) >= 7
        assert len(by_month) > 0 and by_month.values.sum() > 0
        assert len(accused) > 0 and (accused["claims"] > 0).all()
        assert not workdir.exists()
    """,
    "03-paths-and-centrality.ipynb": """
        assert g.number_of_nodes() > 0 and g.number_of_edges() > 0
        assert found, "no path from Aliyev to Lukashenko"
        for p in found:
            assert (p.actors[0]["id"], p.actors[-1]["id"]) == ("ilham-aliyev", "alexander-lukashenko"), p.actors
            assert len(p.hops) == len(p.actors) - 1
            for h in p.hops:
                assert h.evidence.strip() and h.document and h.relation, h
        assert len(rows) > 0
        assert len(ranking) > 0 and ranking["degree"].max() > 0
        assert ego.number_of_nodes() > 1
        assert not workdir.exists()
    """,
    "04-visualisation.ipynb": """
        assert found, "no path from Aliyev to Lukashenko"
        assert g.number_of_nodes() > 0
        assert not workdir.exists()
    """,
}

#: Tagged cells whose display output must hold this MIME type (and, for HTML, this text).
OUTPUTS = {
    "01-quickstart.ipynb": {"documents": ("text/html", "<td"), "claims": ("text/html", "<td"),
                            "actors": ("text/html", "<td"), "extract": ("text/html", "denied")},
    "02-sparql.ipynb": {"library": ("text/html", "arms-suppliers"), "relation-counts": ("text/html", "<td"),
                        "arms-suppliers": ("text/html", "actor:russia"), "timeline": ("text/html", "<td"),
                        "by-class": ("text/html", "<td"), "accused": ("text/html", "<td"),
                        "plot-classes": ("image/png", ""), "plot-accused": ("image/png", ""),
                        "own-query": ("text/html", "<td")},
    "03-paths-and-centrality.ipynb": {"paths": ("text/html", "<td"), "neighbors": ("text/html", "<td"),
                                      "ego": ("image/png", ""), "profile": ("text/html", "<td"),
                                      "rank": ("text/html", "<td"), "plot-rank": ("image/png", "")},
    "04-visualisation.ipynb": {"full": ("text/html", "<iframe srcdoc="), "focus": ("text/html", "<iframe srcdoc="),
                               "filters": ("text/html", "<iframe srcdoc="), "path": ("text/html", "<iframe srcdoc=")},
}


@pytest.fixture(scope="session")
def kernel_dir() -> Path:
    """The venv's kernelspec directory, holding a ``python3`` spec (installed there if missing)."""
    from jupyter_client.kernelspec import KernelSpecManager

    kernels = Path(sys.prefix, "share", "jupyter", "kernels")
    if "python3" not in KernelSpecManager(kernel_dirs=[str(kernels)], ensure_native_kernel=False).find_kernel_specs():
        from ipykernel.kernelspec import install

        install(prefix=sys.prefix)
    assert (kernels / "python3" / "kernel.json").is_file()
    return kernels


def _kernel_manager(kernel_dir: Path):
    """A manager that starts the venv's ``python3`` kernel, whatever other kernelspecs the machine has."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    ksm = KernelSpecManager(kernel_dirs=[str(kernel_dir)], ensure_native_kernel=False)
    return KernelManager(kernel_name="python3", kernel_spec_manager=ksm)


def _execute(nb, kernel_dir: Path, tmp_path: Path):
    """Execute ``nb`` in a fresh kernel from ``notebooks/``; the default store points at a sentinel."""
    from nbclient import NotebookClient

    sentinel = tmp_path / "default-store-must-not-be-used"
    env = {**os.environ, "KG_STORE": str(sentinel), "PYTHONHASHSEED": "0"}
    client = NotebookClient(nb, km=_kernel_manager(kernel_dir), kernel_name="python3", timeout=CELL_TIMEOUT,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute(env=env)
    assert not sentinel.exists(), "a notebook used the default store"
    return nb


def _outputs(cell) -> dict:
    data: dict = {}
    for out in cell.get("outputs", []):
        if out.get("output_type") in ("display_data", "execute_result"):
            for mime, value in out.get("data", {}).items():
                data[mime] = data.get(mime, "") + (value if isinstance(value, str) else "".join(value))
        elif out.get("output_type") == "stream":
            data["stream"] = data.get("stream", "") + out.get("text", "")
    return data


def test_there_are_notebooks():
    assert NAMES == ["01-quickstart.ipynb", "02-sparql.ipynb", "03-paths-and-centrality.ipynb",
                     "04-visualisation.ipynb"]


def test_kernel_is_this_interpreter(kernel_dir, tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell("import sys, kg\nprint(sys.prefix)"))
    _execute(nb, kernel_dir, tmp_path)
    assert _outputs(nb.cells[0])["stream"].strip() == sys.prefix


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_clean_and_generated(name):
    """Committed without outputs, and exactly what make_notebooks.py writes."""
    text = (NOTEBOOKS / name).read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{name}: outputs committed"
    spec = importlib.util.spec_from_file_location("make_notebooks", NOTEBOOKS / "make_notebooks.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    assert text == make.text(name), f"{name} differs from make_notebooks.py: run .venv/bin/python notebooks/make_notebooks.py"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs(name, kernel_dir, tmp_path, record_property):
    from textwrap import dedent

    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    n_cells = len(nb.cells)
    nb.cells.append(nbformat.v4.new_code_cell(dedent(CHECKS.get(name, "")).strip() or "pass"))
    from nbclient.exceptions import CellExecutionError

    start = time.perf_counter()
    check_failed = None
    try:
        _execute(nb, kernel_dir, tmp_path)
    except CellExecutionError as exc:
        failed = [i for i, c in enumerate(nb.cells) if any(o.get("output_type") == "error" for o in c.get("outputs", []))]
        if not failed or failed[0] < n_cells:
            raise
        check_failed = f"{exc.ename}: {exc.evalue}"  # the notebook ran; a check on its results failed
    if check_failed:
        pytest.fail(f"{name} ran, but a check of its results failed: {check_failed}", pytrace=False)
    seconds = time.perf_counter() - start
    record_property("seconds", round(seconds, 1))
    print(f"{name}: {seconds:.1f} s")

    cells = nb.cells[:n_cells]
    for i, cell in enumerate(cells):
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", f"{name} cell {i}: {out.get('ename')}: {out.get('evalue')}"
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                assert "Traceback" not in out.get("text", ""), f"{name} cell {i} wrote a traceback:\n{out['text']}"
    tagged = {t: c for c in cells for t in c.get("metadata", {}).get("tags", [])}
    for tag, (mime, needle) in OUTPUTS.get(name, {}).items():
        assert tag in tagged, f"{name}: no cell tagged {tag!r}"
        data = _outputs(tagged[tag])
        assert mime in data, f"{name} [{tag}]: no {mime} output (got {sorted(data)})"
        assert needle in data[mime], f"{name} [{tag}]: {needle!r} not in the {mime} output"
