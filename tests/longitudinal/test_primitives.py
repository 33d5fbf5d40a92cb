"""Builds, calls and τ, agreement and its test, vector sine, bitwise comparison, divergence."""

import math

import numpy as np
import pytest
import torch

from pytest_mlaudit.longitudinal import (
    Agreement,
    Build,
    BuildUnavailable,
    agreement,
    bitwise_equal,
    calls_and_scores,
    consistency_test,
    difference,
    divergence_curve,
    first_difference,
    select_tau_roc,
    vector_sine,
)


# -- builds ------------------------------------------------------------------------------------
def test_build_rejects_bad_settings_by_name():
    with pytest.raises(ValueError, match=r"Build\(device='tpu'\)"):
        Build("tpu")
    with pytest.raises(ValueError, match=r"Build\(precision='fp8'\)"):
        Build(precision="fp8")
    with pytest.raises(ValueError, match=r"Build\(batch_size=0\)"):
        Build(batch_size=0)
    with pytest.raises(ValueError, match=r"Build\(threads=0\)"):
        Build(threads=0)


def test_apply_sets_and_restores_the_thread_count_even_on_error():
    before = torch.get_num_threads()
    target = 1 if before != 1 else 2
    with pytest.raises(KeyError), Build(threads=target).apply():
        assert torch.get_num_threads() == target
        raise KeyError("boom")
    assert torch.get_num_threads() == before


@pytest.mark.parametrize("dtype, precision", [(torch.float32, "fp32"), (torch.float64, "fp64")])
def test_perturb_moves_every_weight_exactly_one_ulp(dtype, precision):
    torch.manual_seed(0)
    model = torch.nn.Linear(5, 3).to(dtype)
    before = [p.detach().clone() for p in model.parameters()]
    Build(precision=precision, init_perturbation_ulps=1).perturb_(model)
    for old, new in zip(before, model.parameters()):
        assert torch.equal(new.detach(), torch.nextafter(old, torch.full_like(old, math.inf)))
        spacing = torch.abs(old) * torch.finfo(dtype).eps
        assert torch.all((new.detach() - old) <= spacing) and torch.all(new.detach() != old)
    Build(precision=precision, init_perturbation_ulps=-1).perturb_(model)
    assert all(torch.equal(a, b.detach()) for a, b in zip(before, model.parameters()))


def test_labels_name_replicates_and_proxies_and_difference_says_what_is_a_proxy():
    reference = Build("cpu", "fp64", 2, threads=1)
    ulp = Build("cpu", "fp64", 2, threads=1, init_perturbation_ulps=1)
    assert reference.again().label == "cpu fp64 k=2 threads=1 #2"
    assert "[proxy]" in ulp.label and not reference.proxies
    assert difference(reference, reference.again()) == "same build, run again"
    assert "[proxy for another CPU]" in difference(reference, Build("cpu", "fp64", 2, threads=2))
    assert "real hardware difference" in difference(reference, Build("cuda", "fp64", 2))


@pytest.mark.skipif(torch.cuda.is_available(), reason="CUDA present: the build is available here")
def test_a_cuda_build_without_cuda_says_so_and_apply_refuses():
    build = Build("cuda", "fp32")
    usable, reason = build.availability()
    assert not usable and "needs a CUDA device" in reason
    with pytest.raises(BuildUnavailable, match="needs a CUDA device"), build.apply():
        pass


# -- calls and tau ------------------------------------------------------------------------------
def test_calls_are_argmax_with_their_probability_and_binary_scores_are_folded():
    calls, scores = calls_and_scores([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3]])
    assert calls.tolist() == [1, 0] and scores.tolist() == [0.7, 0.5]
    calls, scores = calls_and_scores([0.9, 0.2, 0.5])
    assert calls.tolist() == [1, 0, 1] and scores.tolist() == pytest.approx([0.9, 0.8, 0.5])


def test_tau_roc_is_the_lowest_positive_score_above_every_negative():
    y = [1, 1, 1, 0, 0, 1]
    s = [0.9, 0.8, 0.6, 0.7, 0.2, 0.75]
    choice = select_tau_roc(y, s)
    # negatives top out at 0.7: positives 0.9, 0.8, 0.75 are above it -> tau 0.75, recall 3/4
    assert choice.tau == 0.75 and choice.recall == 0.75
    # a positive tied with the best negative is not reportable: it would bring the negative along
    assert select_tau_roc([1, 0, 1], [0.7, 0.7, 0.9]).tau == 0.9
    assert math.isinf(select_tau_roc([1, 0], [0.1, 0.9]).tau)


def test_tau_roc_multiclass_one_vs_rest_and_call_correctness():
    proba = np.array([[0.8, 0.1, 0.1], [0.6, 0.3, 0.1], [0.7, 0.2, 0.1], [0.2, 0.7, 0.1]])
    labels = [0, 0, 1, 1]
    # one-vs-rest on class 0: negatives' P(0) are 0.7, 0.2 -> only 0.8 is above: recall 1/2
    assert select_tau_roc(labels, proba, positive_class=0).tau == 0.8
    # call correctness: wrong call (case 2, 0.7) caps it; correct 0.8 above, 0.6 and 0.7 not
    choice = select_tau_roc(labels, proba)
    assert choice.tau == 0.8 and choice.recall == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="positive_class=5"):
        select_tau_roc(labels, proba, positive_class=5)


# -- agreement --------------------------------------------------------------------------------
def test_agreement_counts_only_cases_reportable_on_every_build():
    a = np.array([[0.9, 0.1], [0.9, 0.1], [0.6, 0.4], [0.95, 0.05]])
    b = np.array([[0.9, 0.1], [0.1, 0.9], [0.4, 0.6], [0.55, 0.45]])
    result = agreement({"a": a, "b": b}, tau=0.8)
    # case 0 agrees; case 1 is reportable on both with different calls; case 2 is reportable
    # nowhere; case 3 only on a
    assert (
        result.all_reportable,
        result.agreeing,
        result.discrepant,
        result.partly_reportable,
    ) == (2, 1, 1, 1)
    assert result.discrepancies[0].case == 1 and result.discrepancies[0].calls == {"a": 0, "b": 1}
    with pytest.raises(ValueError, match="different numbers of cases"):
        agreement({"a": a, "b": b[:3]}, 0.5)


def test_consistency_test_observed_share_and_exact_binomial():
    result = Agreement(
        cases=100, all_reportable=100, agreeing=97, partly_reportable=0, discrepancies=(), tau=0.5
    )
    assert consistency_test(result, p=0.95).passed
    assert not consistency_test(result, p=0.98).passed
    exact = consistency_test(result, p=0.9, alpha=0.05)
    from scipy.stats import binomtest

    assert exact.p_value == pytest.approx(binomtest(97, 100, 0.9, alternative="greater").pvalue)
    assert exact.passed and exact.lower_bound < 0.97
    assert not consistency_test(
        result, p=0.95, alpha=0.05
    ).passed  # 97/100 is no evidence for > 0.95
    empty = Agreement(10, 0, 0, 0, (), 0.99)
    assert not consistency_test(empty, p=0.5).passed


# -- vector sine, bits, divergence ----------------------------------------------------------
def test_vector_sine_is_exact_for_known_angles_and_accurate_for_tiny_ones():
    assert vector_sine([1.0, 0.0], [0.0, 3.0]) == pytest.approx(1.0)
    assert vector_sine([1.0, 2.0], [2.0, 4.0]) == 0.0
    for angle in (1e-3, 1e-9, 1e-14):
        b = [math.cos(angle), math.sin(angle)]
        assert vector_sine([1.0, 0.0], b) == pytest.approx(math.sin(angle), rel=1e-6)
    # the textbook sqrt(1 - cos^2) cannot see below ~1e-8; this formula can
    a = np.ones(1000)
    b = a.copy()
    b[0] = np.nextafter(1.0, 2.0)
    assert 0 < vector_sine(a, b) < 1e-15
    with pytest.raises(ValueError, match="lengths differ"):
        vector_sine([1.0], [1.0, 2.0])


def test_bitwise_equality_sees_signed_zero_and_dtype_and_finds_the_first_difference():
    assert bitwise_equal(np.array([0.0, 1.0]), np.array([0.0, 1.0]))
    assert not bitwise_equal(np.array([0.0]), np.array([-0.0]))
    assert not bitwise_equal(np.array([1.0], dtype=np.float32), np.array([1.0]))
    assert first_difference(np.arange(5.0), np.array([0, 1, 2, 3.5, 4])) == 3
    assert first_difference(np.arange(3.0), np.arange(3.0)) is None
    assert bitwise_equal(torch.ones(3, dtype=torch.bfloat16), torch.ones(3, dtype=torch.bfloat16))


def test_divergence_curve_finds_the_first_parting_step():
    base = np.linspace(1, 2, 50)
    a = [(s, base) for s in (0, 1, 2, 4, 8)]
    b = [
        (0, base),
        (1, base),
        (2, base + 1e-14),
        (4, base * np.r_[1.1, np.ones(49)]),
        (8, base[::-1]),
    ]
    curve = divergence_curve(a, b, threshold=1e-6)
    assert curve.first_bitwise_difference == 2
    assert curve.first_above_threshold == 4
    assert [p.step for p in curve.points] == [0, 1, 2, 4, 8]
    assert curve.points[0].sine == 0.0 and curve.final_sine > 0.1


def test_the_modules_are_also_the_decorators():
    # `from pytest_mlaudit import longitudinal` may find the package or the function, depending
    # on what was imported first; both must decorate the same way
    import pytest_mlaudit.variance_sources as module

    import pytest_mlaudit.longitudinal as package
    from pytest_mlaudit.core.spec import sweep_of

    def test_rebuild(build):
        pass

    def test_sources(init_seed, data_order_seed, split_seed):
        pass

    spec = sweep_of(package(builds=[Build(), Build(threads=2)])(test_rebuild))
    assert [a.name for a in spec.axes] == ["build"] and len(spec.cells()) == 4
    assert len(sweep_of(module(n=2)(test_sources)).cells()) == 8


def test_the_binomial_consistency_test_claims_p_falsely_at_most_alpha_of_the_time():
    # true agreement rate exactly p: "consistent at p" must be claimed in <= alpha of test sets
    rng = np.random.default_rng(0)
    claims = 0
    draws = 2000
    for agreeing in rng.binomial(200, 0.95, draws):
        result = Agreement(200, 200, int(agreeing), 0, (), 0.5)
        claims += consistency_test(result, p=0.95, alpha=0.05).passed
    assert claims / draws <= 0.05 + 2 * math.sqrt(0.05 * 0.95 / draws)
