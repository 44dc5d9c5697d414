"""`make audit`: pip-audit over the locked dependencies (requirements/*.txt).

pip-audit asks a vulnerability service about each pinned release. Where that service
cannot be reached (machines that reach only a package mirror), pip-audit skips every
package and would still print "No known vulnerabilities found"; this says plainly that
nothing was audited, and does not fail. Known vulnerabilities fail the run (exit 1)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ["requirements/site.txt", "requirements/test.txt"]


def audit(lock):
    command = [
        sys.executable, "-m", "pip_audit", "--requirement", str(ROOT / lock),
        "--require-hashes", "--disable-pip", "--progress-spinner", "off", "--format", "json",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(f"{lock}: pip-audit did not run: {result.stderr.strip()[-500:]}")
        return None
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    if not audited:
        print(
            f"{lock}: NOT AUDITED. The vulnerability service could not be reached from "
            f"this machine (it answered for none of the {len(dependencies)} locked "
            "packages). Run `make audit` where pypi.org's JSON API is reachable."
        )
        return None
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fixed release yet"
            print(
                f"{lock}: {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixes})"
            )
    skipped = len(dependencies) - len(audited)
    print(
        f"{lock}: {len(audited)} packages audited, {len(vulnerable)} with known "
        f"vulnerabilities" + (f", {skipped} could not be audited" if skipped else "")
    )
    return not vulnerable


if __name__ == "__main__":
    results = [audit(lock) for lock in LOCKS]
    sys.exit(1 if False in results else 0)
