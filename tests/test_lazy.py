"""Lazy exports (pytest_mlaudit/_lazy.py): a package `__init__` holds only its table of public
names; the helper gives it `__all__`, `__dir__` and a `__getattr__` that imports on first access."""

import importlib
import pkgutil
import subprocess
import sys
import textwrap
import types

import pytest

import pytest_mlaudit
from pytest_mlaudit._lazy import lazy_exports


def _lazy_packages():
    """Every package of pytest_mlaudit whose `__init__` exports names through a table."""
    names = [pytest_mlaudit.__name__] + [
        info.name
        for info in pkgutil.walk_packages(pytest_mlaudit.__path__, f"{pytest_mlaudit.__name__}.")
        if info.ispkg
    ]
    return [name for name in names if hasattr(importlib.import_module(name), "_PUBLIC")]


LAZY_PACKAGES = _lazy_packages()


def test_the_helper_installs_all_dir_and_getattr():
    namespace = {"__name__": "planted", "KEPT": 1}
    returned = lazy_exports(namespace, {"dumps": "json", "loads": "json"})
    assert namespace["__getattr__"] is returned
    assert namespace["__all__"] == ["dumps", "loads"]
    assert namespace["__dir__"]() == ["KEPT", "__all__", "__dir__", "__getattr__", "__name__"] + [
        "dumps",
        "loads",
    ]
    import json

    assert returned("dumps") is json.dumps
    with pytest.raises(AttributeError, match="module 'planted' has no attribute 'dump'"):
        returned("dump")


def test_every_package_with_a_table_is_found():
    # the packages the public API and the docs name; a new one joins by having a `_PUBLIC` table
    assert {"pytest_mlaudit", "pytest_mlaudit.leakage", "pytest_mlaudit.longitudinal"} <= set(
        LAZY_PACKAGES
    )
    assert len(LAZY_PACKAGES) >= 9


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_every_exported_name_is_the_object_its_module_defines(package):
    module = importlib.import_module(package)
    table = module._PUBLIC
    assert module.__all__ == sorted(table)
    assert set(table) <= set(dir(module))
    for name, home in table.items():
        value, defined = getattr(module, name), getattr(importlib.import_module(home), name)
        if isinstance(value, types.ModuleType):
            # a subpackage bound over the decorator it shares a name with calls that decorator
            assert value.__name__ == f"{package}.{name}", name
            assert value._mlaudit_call_target == (home, name), name
        else:
            assert value is defined, name
    with pytest.raises(AttributeError, match=f"module '{package}' has no attribute 'no_such_name'"):
        module.no_such_name  # noqa: B018


def test_importing_a_package_imports_none_of_the_modules_in_its_table():
    code = textwrap.dedent(
        f"""
        import importlib, sys
        for package in {LAZY_PACKAGES!r}:
            before = set(sys.modules)
            table = importlib.import_module(package)._PUBLIC
            loaded = sorted(set(table.values()) & (set(sys.modules) - before))
            assert not loaded, (package, loaded)
        print("lazy")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "lazy"
