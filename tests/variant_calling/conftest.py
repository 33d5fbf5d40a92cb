"""Tiny generated benchmarks for the variant-calling unit tests (well under a second each)."""

from __future__ import annotations

import pytest

pytest.importorskip("pysam")  # the genomics extra; the suite's other halves do not need it


TINY = dict(
    length=60_000,
    n_snvs=400,
    n_indels=10,
    n_homopolymers=80,
    n_tandem_repeats=40,
    n_segdup_pairs=2,
    n_low_coverage_stretches=2,
    n_strand_error_sites=300,
    coverage=20.0,
)


@pytest.fixture(scope="session")
def tiny_params():
    from examples.variant_calling.simulate import SimulationParams

    return SimulationParams(**TINY)


@pytest.fixture(scope="session")
def tiny_benchmark(tmp_path_factory, tiny_params):
    from examples.variant_calling.simulate import ensure_benchmark

    return ensure_benchmark(tiny_params, cache_dir=tmp_path_factory.mktemp("vc-cache"))


@pytest.fixture(scope="session")
def tiny_mosaic(tmp_path_factory):
    from examples.variant_calling.simulate import SimulationParams, ensure_benchmark

    params = SimulationParams(sample="mosaic", mosaic_low_vaf_fraction=0.5, **TINY)
    return ensure_benchmark(params, cache_dir=tmp_path_factory.mktemp("vc-cache-mosaic"))
