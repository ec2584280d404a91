"""The determinism contract (README, "Persona YAML"): byte-identical YAML for the same input,
settings and locked versions, whatever the number of processes or BLAS/OpenMP threads and the
machine's CPU count; published figures do not flip when their inputs move in the last bits."""

from __future__ import annotations

import math
import os
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import personas.build as build_module
from personas.export import to_yaml
from personas.figures import DIGITS, SIMILARITY_DIGITS, published
from tests.conftest import ROOT

# Builds the sample in a fresh interpreter after a patch that must precede the first import of
# the analysis code, and prints the YAML.
_HEAD = "import os, sys\nsys.path.insert(0, {root!r})\n"
_BUILD = textwrap.dedent("""
    from personas.build import build
    from personas.export import to_yaml
    from personas.ingest import ingest_paths
    from personas.settings import AnalysisSettings, BuildSettings
    result = build(ingest_paths([{sample!r}]), BuildSettings(analysis=AnalysisSettings(spacy_model="blank")))
    sys.stdout.write(to_yaml(result.document))
""")

_PATCHES = {
    # One CPU: one process everywhere (Runtime.detect(), spaCy workers) and one ONNX thread.
    "one cpu, one process": "os.cpu_count = lambda: 1\nos.sched_getaffinity = lambda pid: {0}",
    # Eight CPUs: Runtime.detect() makes eight workers, and nothing may depend on it.
    "eight cpus": "os.cpu_count = lambda: 8\nos.sched_getaffinity = lambda pid: set(range(8))",
    # Every one-thread block of the build (Runtime.blas_limited) on two BLAS/OpenMP threads instead.
    "two blas/openmp threads": textwrap.dedent("""
        import threadpoolctl
        _limits = threadpoolctl.threadpool_limits
        class _Two(_limits):
            def __init__(self, limits=None, user_api=None):
                super().__init__(limits=2 if isinstance(limits, int) else limits, user_api=user_api)
        threadpoolctl.threadpool_limits = _Two
        _limit = threadpoolctl.ThreadpoolController.limit
        threadpoolctl.ThreadpoolController.limit = lambda self, *, limits=None, user_api=None: _limit(
            self, limits=2 if isinstance(limits, int) else limits, user_api=user_api)
    """),
}


@pytest.mark.parametrize("variant", sorted(_PATCHES))
def test_determinism_yaml_does_not_depend_on_processes_threads_or_cpus(variant: str, sample_build) -> None:
    script = _HEAD.format(root=str(ROOT)) + _PATCHES[variant] + "\n" + _BUILD.format(sample=str(ROOT / "data" / "samples" / "coaching_community"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout == to_yaml(sample_build.document), f"the YAML built with {variant} differs from the default build"


def test_determinism_figures_do_not_flip_when_inputs_move_by_1e_12(sample_build, monkeypatch) -> None:
    """Every figure the sample's document publishes, moved by +-1e-12 before rounding: same YAML."""
    build = sample_build
    expected = to_yaml(build_module.describe_personas(build.corpus, build.analysis, build.people_model, _settings_of(build)))
    for shift in (1e-12, -1e-12):
        monkeypatch.setattr(build_module, "published", lambda value, digits=DIGITS, s=shift: published(float(value) + s, digits))
        moved = to_yaml(build_module.describe_personas(build.corpus, build.analysis, build.people_model, _settings_of(build)))
        assert moved == expected, f"a published figure flipped when its input moved by {shift}"


def _settings_of(build):
    """The settings the ``sample_build`` fixture builds with."""
    from personas.settings import AnalysisSettings, BuildSettings

    return BuildSettings(analysis=AnalysisSettings(spacy_model="blank"))


@pytest.mark.parametrize("digits", [DIGITS, SIMILARITY_DIGITS])
def test_figures_decimal_half_steps_do_not_flip_on_the_last_bit(digits: int) -> None:
    step = 10.0 ** -digits
    for k in range(-1000, 1000):
        half = (k + 0.5) * step  # a figure exactly on a rounding boundary, e.g. a ratio of counts
        want = published(half, digits)
        for moved in (half + 1e-12, half - 1e-12, math.nextafter(half, 2), math.nextafter(half, -2)):
            assert published(moved, digits) == want, (half, moved)


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=-1.0, max_value=1.0, allow_nan=False), st.sampled_from([DIGITS, SIMILARITY_DIGITS]))
def test_figures_published_is_rounding_to_the_nearest_step(value: float, digits: int) -> None:
    out = published(value, digits)
    assert abs(out - value) <= 0.5 * 10.0 ** -digits + 1e-9
    assert published(out, digits) == out
    assert str(out) == str(round(out, digits))  # never more digits than promised
