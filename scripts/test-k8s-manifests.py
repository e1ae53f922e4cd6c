#!/usr/bin/env python3
"""Checks deploy/k8s/ without a cluster: the manifests parse, agree with each other, and the shell
scripts their pods run give, on this machine, a combined CSV equal to one unsharded collect.

What it can't check here: that a cluster accepts the manifests (no kubectl) or that the image
builds (no container engine); docs/cluster.md says so. The pod scripts run under /bin/sh (dash on
Debian, as in the image), with /results pointed at a temporary directory and `surfacelab` being
SURFACELAB_BIN. Prints `PASS: ...` and exits 0, exits 1 naming what differs, or prints
`SKIPPED: <reason>` and exits 0 when Python's yaml module is missing.

Run from the repository root with SURFACELAB_BIN set (scripts/env.sh does both).
"""

import os
import shutil
import subprocess
import sys
import tempfile

try:
    import yaml
except ImportError:
    print("SKIPPED: Kubernetes manifest check needs Python's yaml module (python3-yaml)")
    sys.exit(0)

COLLECT_ARGS = "--distances 3,5 --p 0.005,0.01 --max-shots 20000 --seed 7"


def fail(message):
    print(f"ERROR: {message}", file=sys.stderr)
    sys.exit(1)


def load(path):
    with open(path, encoding="utf-8") as file:
        return [doc for doc in yaml.safe_load_all(file) if doc is not None]


def only_container(job):
    containers = job["spec"]["template"]["spec"]["containers"]
    if len(containers) != 1:
        fail(f"job {job['metadata']['name']} should have one container, has {len(containers)}")
    return containers[0]


def env_value(container, name):
    for entry in container.get("env", []):
        if entry["name"] == name and "value" in entry:
            return entry["value"]
    fail(f"container {container['name']} has no env value {name}")


def claim_names(job):
    return {
        volume["persistentVolumeClaim"]["claimName"]
        for volume in job["spec"]["template"]["spec"]["volumes"]
        if "persistentVolumeClaim" in volume
    }


def run_pod_script(container, results, bin_dir, extra_env):
    """Runs the container's `sh -ec SCRIPT` here, with /results moved to `results`."""
    command = container["command"]
    if command[0] != "/bin/sh" or len(container["args"]) != 1:
        fail(f"container {container['name']}: expected command /bin/sh -ec and one script argument")
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin"}
    env.update({e["name"]: e["value"] for e in container.get("env", []) if "value" in e})
    env.update(extra_env)
    script = container["args"][0].replace("/results", results)
    return subprocess.run(["/bin/sh", *command[1:], script], env=env, capture_output=True, text=True)


def counts(csv_text):
    """{strong_id: (shots, errors, discards)}; the first six columns never hold a comma."""
    rows = {}
    for line in csv_text.splitlines()[1:]:
        fields = [field.strip() for field in line.split(",", 6)[:6]]
        rows[fields[5]] = tuple(int(value) for value in fields[:3])
    return rows


def main():
    surfacelab = os.environ.get("SURFACELAB_BIN") or fail("SURFACELAB_BIN is not set")
    if not os.access(surfacelab, os.X_OK):
        fail(f"SURFACELAB_BIN={surfacelab} is not executable (build the release CLI)")

    pvc, collect_job = load("deploy/k8s/indexed-job.yaml")
    (combine_job,) = load("deploy/k8s/combine-job.yaml")
    if pvc["kind"] != "PersistentVolumeClaim" or collect_job["kind"] != "Job" or combine_job["kind"] != "Job":
        fail("expected a PersistentVolumeClaim and a Job, then a Job")
    spec = collect_job["spec"]
    collect = only_container(collect_job)
    combine = only_container(combine_job)
    shards = int(env_value(collect, "SHARDS"))
    checks = {
        "completionMode is Indexed": spec.get("completionMode") == "Indexed",
        "completions == parallelism == SHARDS": spec["completions"] == spec["parallelism"] == shards,
        "the combine Job's SHARDS equals the collect Job's": int(env_value(combine, "SHARDS")) == shards,
        "both Jobs run the same image": collect["image"] == combine["image"],
        "both Jobs mount the claim the manifest defines": claim_names(collect_job)
        == claim_names(combine_job)
        == {pvc["metadata"]["name"]},
        "COLLECT_ARGS holds --seed and no --shard or --out": "--seed" in env_value(collect, "COLLECT_ARGS")
        and "--shard" not in env_value(collect, "COLLECT_ARGS")
        and "--out" not in env_value(collect, "COLLECT_ARGS"),
    }
    for what, holds in checks.items():
        if not holds:
            fail(f"deploy/k8s: expected {what}")

    scratch = tempfile.mkdtemp(prefix="surfacelab-k8s.")
    try:
        bin_dir = os.path.join(scratch, "bin")
        results = os.path.join(scratch, "results")
        os.mkdir(bin_dir)
        os.mkdir(results)
        os.symlink(surfacelab, os.path.join(bin_dir, "surfacelab"))
        early = run_pod_script(combine, results, bin_dir, {})
        if early.returncode == 0 or "missing" not in early.stderr:
            fail(f"the combine pod should refuse without shard files; it said: {early.stderr.strip()}")
        for index in range(shards):
            pod = run_pod_script(
                collect,
                results,
                bin_dir,
                {"COLLECT_ARGS": COLLECT_ARGS, "SHARD_INDEX": str(index), "NUM_WORKERS": "1"},
            )
            if pod.returncode != 0:
                fail(f"collect pod {index} exited {pod.returncode}: {pod.stderr.strip()}")
        pod = run_pod_script(combine, results, bin_dir, {})
        if pod.returncode != 0:
            fail(f"combine pod exited {pod.returncode}: {pod.stderr.strip()}")
        whole = subprocess.run(
            [surfacelab, "collect", *COLLECT_ARGS.split(), "--workers", "1", "--no-progress"],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        shutil.rmtree(scratch)

    combined, unsharded = counts(pod.stdout), counts(whole.stdout)
    if combined != unsharded or not unsharded:
        fail(f"combined pod output {combined} differs from the unsharded run {unsharded}")
    shots = sum(row[0] for row in unsharded.values())
    errors = sum(row[1] for row in unsharded.values())
    print(
        f"PASS: deploy/k8s: manifests agree; {shards} collect pod scripts + the combine pod script "
        f"equal the unsharded run: {len(unsharded)} tasks, {shots} shots, {errors} errors"
    )


if __name__ == "__main__":
    main()
