"""The locks in requirements/ are what `make install` installs: they must pin, with
hashes, every dependency pyproject.toml names, at a version it allows, so a machine
never installs something CI did not test. `make lock` rewrites them."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)")


def read_lock(name):
    """{package: (version, number of hashes)} from a lock file."""
    pins, current = {}, None
    for line in (ROOT / "requirements" / name).read_text().splitlines():
        if match := PIN.match(line):
            current = canonicalize_name(match[1])
            pins[current] = [Version(match[2]), 0]
        elif current and "--hash=sha256:" in line:
            pins[current][1] += 1
    return pins


@pytest.mark.parametrize(
    ("lock", "requirements"),
    [
        ("site.txt", PYPROJECT["dependencies"]),
        ("test.txt", PYPROJECT["dependencies"] + PYPROJECT["optional-dependencies"]["test"]),
    ],
)
def test_every_dependency_is_pinned_with_hashes_within_its_range(lock, requirements):
    pins = read_lock(lock)
    for line in requirements:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in requirements/{lock}: run `make lock`"
        version, hashes = pins[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements/{lock} pins {name}=={version}, outside {requirement.specifier}"
        )
        assert hashes, f"{name} has no hash in requirements/{lock}"
    assert all(hashes for _version, hashes in pins.values())


def test_the_site_runs_the_same_versions_with_and_without_the_test_tools():
    site, test = read_lock("site.txt"), read_lock("test.txt")
    for name, (version, _hashes) in site.items():
        assert name in test and test[name][0] == version, name
