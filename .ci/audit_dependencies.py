"""Check izdeu's installed dependencies against known vulnerabilities with pip-audit.

Fails on any known vulnerability. Where no vulnerability database can be reached (this
project's build machines reach only package mirrors), pip-audit skips every package; that is
said plainly instead of being reported as "no known vulnerabilities".
"""

import json
import subprocess
import sys
import tempfile


def main() -> int:
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        subprocess.run(
            [sys.executable, "-m", "pip_audit", "--skip-editable", "--progress-spinner", "off",
             "--format", "json", "--output", report.name],
            check=False, timeout=600,
        )
        with open(report.name, encoding="utf-8") as f:
            dependencies = json.load(f)["dependencies"]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    for dependency in vulnerable:
        ids = ", ".join(v["id"] for v in dependency["vulns"])
        print(f"VULNERABLE {dependency['name']} {dependency['version']}: {ids}")
    if vulnerable:
        return 1
    audited = len(dependencies) - len(skipped)
    if audited == 0:
        print(f"pip-audit: no vulnerability database reachable; {len(skipped)} packages NOT audited.")
    else:
        print(f"pip-audit: {audited} packages audited, no known vulnerabilities; {len(skipped)} not audited.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
