"""The results cache: data only (a strict JSON codec, never pickle), validated on read, recomputed
when invalid; what it saves (warm runs, one edited file) and what it must never do (run code)."""

from __future__ import annotations

import dataclasses
import enum
import json
import multiprocessing
import os
import pickle
from pathlib import Path

import pytest

from mlaudit_lint.api import LintStats, lint_paths
from mlaudit_lint.cache import ResultsCache
from mlaudit_lint.codec import Codec, DecodeError, EncodeError
from mlaudit_lint.ftypes import Config

LEAKY = "def extract_features(row, label):\n    return [row.depth, label * 2]\n"
CLEAN = "def extract_features(row):\n    return [row.depth, row.quality]\n"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("MLAUDIT_CACHE_DIR", str(tmp_path / "cache"))
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.chdir(project)


def tree(files: dict[str, str]) -> None:
    for name, text in files.items():
        path = Path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def run(paths=(".",), **options):
    stats = LintStats()
    results = list(lint_paths(list(paths), stats=stats, **options))
    return results, stats


def located(results):
    return sorted(
        (r.path, (r.finding or r.error).line, r.finding.code if r.finding else "error")
        for r in results
    )


def entries(tmp_path: Path) -> list[Path]:
    return [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]


# --- cache and workers ---------------------------------------------------------------------------


def many_files(count: int = 12) -> None:
    files = {f"mod_{i:02d}.py": (LEAKY if i % 3 == 0 else CLEAN) for i in range(count)}
    files["broken.py"] = "def (:\n"
    tree(files)


def test_workers_give_the_same_results_as_one_process():
    many_files()
    serial, _ = run(jobs=1, cache=False)
    parallel, _ = run(jobs=2, cache=False)
    assert serial == parallel
    assert len([r for r in serial if r.finding]) == 4 and len([r for r in serial if r.error]) == 1


def test_a_warm_run_reads_everything_from_the_cache_and_agrees(tmp_path):
    many_files()
    cold, cold_stats = run(jobs=2)
    warm, warm_stats = run(jobs=2)
    assert warm == cold
    assert cold_stats.cached == 0 and warm_stats.cached == warm_stats.analysed > 0
    assert any((tmp_path / "cache").rglob("*"))


def test_editing_one_file_reanalyses_it_and_reuses_the_others():
    many_files()
    run()
    Path("mod_01.py").write_text(LEAKY)
    results, stats = run()
    assert ("mod_01.py", 2, "MLA001") in located(results)
    assert stats.analysed - stats.cached == 1  # only the edited file was parsed again


def test_a_config_change_is_a_cache_miss():
    tree(
        {
            "pyproject.toml": "[tool.mlaudit]\n",
            "step.py": "def f(rows, is_var):\n    feats = [r.depth for r in rows]\n    feats.append(is_var)\n    return feats\n",
        }
    )
    before, _ = run()
    Path("pyproject.toml").write_text('[tool.mlaudit]\nlabels = ["is_var"]\n')
    after, _ = run()
    assert before == []
    assert located(after) == [("step.py", 4, "MLA001")]  # at the return: feats grown in place


def test_corrupt_cache_entries_are_misses(tmp_path):
    many_files(4)
    cold, _ = run()
    for entry in (tmp_path / "cache").rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"\x80garbage")
    again, stats = run()
    assert again == cold and stats.cached == 0


def test_no_cache_writes_nothing(tmp_path):
    many_files(4)
    run(cache=False)
    assert not (tmp_path / "cache").exists()


def _write_entry(directory: str, key: str, payload: int) -> None:
    cache = ResultsCache(Path(directory))
    for _ in range(50):
        cache.put(key, ("payload", payload, "x" * 10000))


def test_concurrent_writers_never_leave_a_torn_entry(tmp_path):
    key = ResultsCache(tmp_path / "c").key(
        content=b"x", path="p", module_name="m", config=Config(), kind="facts"
    )
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    writers = [
        context.Process(target=_write_entry, args=(str(tmp_path / "c"), key, n)) for n in range(4)
    ]
    for writer in writers:
        writer.start()
    reader = ResultsCache(tmp_path / "c")
    seen = set()
    while any(writer.is_alive() for writer in writers):
        entry = reader.get(key)
        if entry is not None:
            assert entry[0] == "payload" and len(entry[2]) == 10000
            seen.add(entry[1])
    for writer in writers:
        writer.join()
    assert reader.get(key)[1] in range(4)
    assert not [p for p in (tmp_path / "c").rglob(".tmp-*")]


# --- nothing in the cache runs -------------------------------------------------------------------


class _Plant:
    """Unpickling this writes a marker file: what a crafted cache entry would do."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (exec, (f"open({self.marker!r}, 'w').write('pwned')",))


def test_a_planted_pickle_runs_nothing_and_the_findings_stay_correct(tmp_path):
    many_files(6)
    cold, _ = run()
    marker = tmp_path / "MARKER"
    planted = pickle.dumps(_Plant(str(marker)))
    pickle.loads(pickle.dumps(_Plant(str(tmp_path / "proof"))))  # the payload is live
    assert (tmp_path / "proof").exists()
    written = entries(tmp_path)
    assert written
    for entry in written:
        entry.write_bytes(planted)
    # also where the old pickle layout kept its entries
    old = tmp_path / "cache" / "v1" / "ab" / ("ab" + "0" * 38)
    old.parent.mkdir(parents=True)
    old.write_bytes(planted)
    again, stats = run()
    assert not marker.exists()
    assert again == cold and stats.cached == 0
    # the planted files were replaced by valid entries: the next run is warm again
    third, stats = run()
    assert third == cold and stats.cached == stats.analysed > 0
    assert not marker.exists()


@pytest.mark.parametrize(
    "document",
    [
        "[]",
        '{"format": "mlaudit-cache", "key": "KEY", "value": ["t", 1, 2]}',
        '{"format": "mlaudit-cache", "key": "KEY", "value": ["d", "GroupEntry", 1, 2, 3, 4, 5, 6]}',
        '{"format": "mlaudit-cache", "key": "KEY", "value": ["d", "os.system", "echo"]}',
        '{"format": "mlaudit-cache", "key": "other", "value": null}',
        '{"format": "mlaudit-cache", "key": "KEY", "value": ["t", "facts", null]}',
        '{"format": "mlaudit-cache", "key": "KEY", "value": ["t", "clean", ["d", "LintError", "x", 1, 1, "m"]]}',
        "[" * 100_000 + "]" * 100_000,
    ],
    ids=[
        "list",
        "tuple",
        "bad-group",
        "unknown-class",
        "other-key",
        "facts-none",
        "kind-mismatch",
        "deep",
    ],
)
def test_entries_of_the_wrong_shape_are_discarded_and_recomputed(tmp_path, document):
    many_files(6)
    cold, _ = run()
    for entry in entries(tmp_path):
        entry.write_text(document.replace("KEY", entry.name))
    again, stats = run()
    assert again == cold and stats.cached == 0
    third, stats = run()
    assert third == cold and stats.cached == stats.analysed > 0


def test_symlinks_fifos_and_huge_files_in_the_cache_are_not_read(tmp_path, monkeypatch):
    import mlaudit_lint.cache as cache_module

    many_files(4)
    cold, _ = run()
    secret = tmp_path / "secret.json"
    secret.write_text("{}")
    written = entries(tmp_path)
    os.unlink(written[0])
    os.symlink(secret, written[0])
    os.unlink(written[1])
    os.mkfifo(written[1])  # reading it would block forever
    monkeypatch.setattr(cache_module, "MAX_ENTRY_BYTES", 10)
    again, _ = run()
    assert again == cold
    assert secret.read_text() == "{}"


def test_facts_from_the_cache_that_break_the_link_are_recomputed(tmp_path):
    """A well-typed entry whose content the analysis cannot use is distrusted, not fatal."""
    from mlaudit_lint.cache import entry_codec

    tree({"leak.py": LEAKY, "clean.py": CLEAN})
    cold, _ = run()
    codec = entry_codec()
    poisoned = 0
    for entry in entries(tmp_path):
        document = json.loads(entry.read_text())
        value = codec.decode(document["value"])
        if isinstance(value, tuple) and value[0] == "facts":
            facts = value[1]
            fields = {f.name: getattr(facts, f.name) for f in dataclasses.fields(facts)}
            # every value the codec accepts for these fields, but nothing the engine can read
            bogus = {
                name: _junk_like(item)
                for name, item in fields.items()
                if name not in ("path", "module_name")
            }
            try:
                broken = dataclasses.replace(facts, **bogus)
                document["value"] = codec.encode(("facts", broken))
            except (TypeError, EncodeError):
                continue
            entry.write_text(json.dumps(document))
            poisoned += 1
        elif type(value).__name__ == "GroupEntry":
            entry.unlink()  # force the link to run on the poisoned facts
    assert poisoned
    again, _ = run()
    assert again == cold


def _junk_like(value):
    if isinstance(value, dict):
        return {"junk": 5}
    if isinstance(value, (list, tuple)):
        return type(value)([5])
    if isinstance(value, (set, frozenset)):
        return type(value)({5})
    return value


# --- the codec ---------------------------------------------------------------------------------


class Colour(enum.Enum):
    RED = "r"
    BLUE = "b"


@dataclasses.dataclass(frozen=True)
class Leaf:
    name: str
    weight: float
    colour: Colour | None = None


@dataclasses.dataclass(frozen=True)
class Branch:
    children: tuple[Leaf | Branch, ...]
    tags: frozenset[str] = frozenset()
    depth: int = 0
    pair: tuple[int, str] = (0, "")


def sample() -> Branch:
    return Branch(
        children=(
            Leaf("a", 1.5, Colour.RED),
            Branch((Leaf("b", float("inf")),), frozenset({"x", "y"}), 2, (3, "z")),
        ),
        tags=frozenset({"root"}),
    )


def test_codec_round_trips_dataclasses_enums_and_containers():
    codec = Codec([Branch])
    assert set(codec.classes) >= {Branch, Leaf, Colour}
    value = sample()
    assert codec.loads(codec.dumps(value), Branch) == value
    mixed = ({"k": [1, 2], 3: {4.5}}, ("t", None, True))
    assert codec.loads(codec.dumps(mixed)) == mixed


@pytest.mark.parametrize(
    "document",
    [
        '["d", "Leaf", "a", "not a float", null]',  # wrong type in a typed field
        '["d", "Leaf", "a", 1.0]',  # a field missing
        '["d", "Leaf", 3, 1.0, null]',
        '["d", "Leaf", "a", true, null]',  # bool is not a float
        '["d", "Leaf", "a", 1.0, ["e", "Colour", "GREEN"]]',  # no such member
        '["d", "Popen", "ls"]',  # not registered
        '["d", "Branch", ["l", ["d", "Leaf", "a", 1.0, null]], ["f"], 0, ["t", 0, ""]]',  # list for tuple
        '["d", "Branch", ["t"], ["f"], 0, ["t", 0]]',  # fixed tuple of the wrong length
        '["d", "Branch", ["t"], ["f", ["l"]], 0, ["t", 0, ""]]',  # unhashable in a set
        '{"__class__": "Leaf"}',
        "not json",
    ],
)
def test_codec_rejects_what_does_not_fit_the_annotations(document):
    with pytest.raises(DecodeError):
        Codec([Branch]).loads(document, Branch)


def test_codec_refuses_to_encode_what_it_could_not_decode():
    codec = Codec([Branch])
    with pytest.raises(EncodeError):
        codec.dumps(Path("/etc/passwd"))
    with pytest.raises(EncodeError):
        codec.dumps(b"bytes")
    with pytest.raises(EncodeError):
        codec.dumps(os.system)


def test_codec_deep_documents_are_a_decode_error_not_a_crash():
    with pytest.raises(DecodeError):
        Codec([Branch]).loads("[" * 200_000 + "]" * 200_000)


def corpus_sources() -> list[tuple[str, str]]:
    roots = [REPO / "tests" / "lint_corpus", REPO / "tests" / "lint_corpus_holdout"]
    found = []
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            found.append((str(path.relative_to(REPO)), path.read_text()))
    return found


def test_the_cache_codec_round_trips_the_ir_of_every_corpus_file():
    """Every IR node type the analysis produces can be stored and read back unchanged."""
    from mlaudit_lint.cache import entry_codec, file_entry_type
    from mlaudit_lint.dataflow import AnalysisError, summarize_source

    codec = entry_codec()
    sources = corpus_sources()
    assert len(sources) > 250
    for path, text in sources:
        try:
            facts = summarize_source(text, path=path, module_name="m")
        except AnalysisError:
            continue
        entry = ("facts", facts)
        assert codec.loads(codec.dumps(entry), file_entry_type()) == entry, path
