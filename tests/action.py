"""The GitHub Action (action.yml), its steps run as plain shell scripts
against a scratch git repository, as a pull request's job would run them:
the base has version 1 of the guide's Case example, the change version 2.
No runner is needed: each step's script reads only environment variables.

Run by .ci/run with the Python of its tools environment (PyYAML comes with
pre-commit), and the hierc just built on PATH:
    python tests/action.py
"""

import os
import shutil
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def git(repo, *args):
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def run_step(step, repo, env):
    """Runs one step's script with bash, as Actions does (`bash -e`)."""
    print(f"action: step {step['name']!r}")
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo, env=env, capture_output=True, text=True)


def main():
    with open(os.path.join(ROOT, "action.yml")) as f:
        action = yaml.safe_load(f)
    assert action["runs"]["using"] == "composite"
    steps = {s["name"]: s for s in action["runs"]["steps"]}
    for s in steps.values():
        assert "${{" not in s["run"], f"{s['name']}: the script reads expressions, not env"

    with tempfile.TemporaryDirectory() as tmp:
        repo = os.path.join(tmp, "repo")
        os.makedirs(os.path.join(repo, "cases"))
        shutil.copytree(os.path.join(ROOT, "examples", "schemas"), os.path.join(repo, "schemas"))
        fixtures = os.path.join(ROOT, "tests", "fixtures", "diff")
        shutil.copy(os.path.join(fixtures, "Task.schema.json"), os.path.join(repo, "schemas"))
        open(os.path.join(repo, "hierc.toml"), "w").close()
        shutil.copy(os.path.join(fixtures, "case_v1.hier"), os.path.join(repo, "cases", "case.hier"))
        git(repo, "init", "-q")
        git(repo, "config", "user.email", "ci@example.invalid")
        git(repo, "config", "user.name", "ci")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "base")
        base = git(repo, "rev-parse", "HEAD").strip()
        shutil.copy(os.path.join(fixtures, "case_v2.hier"), os.path.join(repo, "cases", "case.hier"))
        git(repo, "commit", "-qam", "change")

        summary = os.path.join(tmp, "summary.md")
        sarif = os.path.join(tmp, "hierc.sarif")
        env = dict(os.environ)
        env.pop("HIERC_SCHEMAS", None)
        env.update(
            GITHUB_STEP_SUMMARY=summary,
            HIERC_PACKAGE="hierc",
            HIERC_PATHS=".",
            HIERC_BASE=base,
            HIERC_SARIF=sarif,
        )
        failures = []

        def expect(ok, what, out):
            print(f"action: {'ok' if ok else 'FAILED'}: {what}")
            if not ok:
                failures.append(what)
                print(out.stdout, out.stderr)

        out = run_step(steps["Install hierc"], repo, env)
        expect(out.returncode == 0 and "hierc is installed" in out.stdout, "hierc on PATH is used", out)

        out = run_step(steps["hierc diff (job summary)"], repo, env)
        text = open(summary).read() if os.path.exists(summary) else ""
        expect(
            out.returncode == 0
            and text.startswith("## hierc: what this change does to the connector configs\n\n")
            and "### `cases/case.hier` (since `" + base + "`): 8 changes" in text
            and "| ➕ | record `Task` via `WhatId` | record added (`Tasks`) |" in text
            and "| ➖ | record `Attachment` via `ParentId` | record removed" in text
            and "self-record turned off" in text,
            "the summary shows the pull request's changes in Markdown",
            out,
        )

        out = run_step(steps["hierc check (SARIF)"], repo, env)
        ok = out.returncode == 0 and '"version": "2.1.0"' in open(sarif).read()
        expect(ok, "a SARIF log is written", out)

        out = run_step(steps["hierc check"], repo, env)
        expect(out.returncode == 0, "a clean repository passes the check", out)
        with open(os.path.join(repo, "cases", "bad.hier"), "w") as f:
            f.write("aggregation Case {\n    fields Subjet\n}\n")
        out = run_step(steps["hierc check"], repo, env)
        expect(
            out.returncode == 1 and "::error file=cases/bad.hier,line=2," in out.stdout,
            "a mistake fails the check with an annotation",
            out,
        )

        # A revision the shallow clone lacks is fetched from origin: here
        # there is no origin, so the step fails, saying so.
        env["HIERC_BASE"] = "0" * 40
        out = run_step(steps["hierc diff (job summary)"], repo, env)
        expect(out.returncode != 0 and "origin" in out.stderr, "a missing base is fetched from origin", out)

    print(f"action: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
