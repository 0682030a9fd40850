# SPDX-License-Identifier: GPL-2.0
"""`diff --git BASE..HEAD`: headers read at two refs of a git tree, never from its work tree."""
import subprocess

from conftest import CANONICAL, apply_edits, bad_cases, run_tool

EDITS = {c["name"]: c["edits"] for c in bad_cases()}
HEADER = "include/uapi/linux/iommu_fault.h"


def git(repo, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   cwd=repo, check=True, capture_output=True)


def commit(repo, text, msg):
    path = repo / HEADER
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    git(repo, "add", HEADER)
    git(repo, "commit", "-q", "-m", msg)


def tree(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    canonical = CANONICAL.read_text()
    commit(repo, canonical, "canonical")
    hole = canonical.replace("\t__u32\tperm;\n\t__aligned_u64\taddr;", "\t__aligned_u64\taddr;")
    assert hole != canonical
    commit(repo, hole, "a hole")
    git(repo, "checkout", "-q", "HEAD~1", "--", HEADER)
    git(repo, "commit", "-q", "-m", "back")
    commit(repo, apply_edits(canonical, EDITS["conforming-extension"], "ext"), "gated field")
    return repo


def diff_git(repo, rng, *more):
    return subprocess.run([run_tool.__globals__["TOOL"], "diff", "--git", rng, "--abi",
                           "x86_64,i386", *more], cwd=repo, capture_output=True, text=True,
                          timeout=300)


def test_hole_is_breaking_and_gated_growth_compatible(tmp_path):
    repo = tree(tmp_path)
    before = (repo / HEADER).read_text()
    hole = diff_git(repo, "HEAD~3..HEAD~2")
    assert hole.returncode == 1, hole.stdout + hole.stderr
    assert f"== {HEADER} (changed) ==" in hole.stdout and "breaking" in hole.stdout
    grow = diff_git(repo, "HEAD~1..HEAD")
    assert grow.returncode == 0, grow.stdout + grow.stderr
    assert "compatible" in grow.stdout and "IFA-GROW-9" in grow.stdout
    # the = form, JSON, and the work tree untouched
    js = diff_git(repo, "HEAD~1..HEAD", "--format=json")
    assert js.returncode == 0 and '"status": "changed"' in js.stdout
    assert (repo / HEADER).read_text() == before
    assert subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True,
                          text=True).stdout == ""


def test_added_is_checked_and_removed_is_breaking(tmp_path):
    repo = tree(tmp_path)
    extra = repo / "include/uapi/linux/extra.h"
    extra.write_text("#ifndef _X_H\n#define _X_H\n#include <linux/types.h>\n"
                     "struct extra_args {\n\t__u32 a;\n\t__u64 b;\n};\n#endif\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "added")
    added = diff_git(repo, "HEAD~1..")
    assert added.returncode == 1 and "(added)" in added.stdout and "UAPI-PORT" in added.stdout
    git(repo, "rm", "-q", HEADER)
    git(repo, "commit", "-q", "-m", "gone")
    gone = diff_git(repo, "HEAD~1..HEAD")
    assert gone.returncode == 1 and "(removed)" in gone.stdout and "breaking" in gone.stdout


def test_not_a_range_is_a_usage_error(tmp_path):
    repo = tree(tmp_path)
    assert diff_git(repo, "HEAD").returncode == 2
    assert diff_git(tmp_path, "HEAD~1..HEAD").returncode in (2,)


def test_every_path_given_is_compared_however_many(tmp_path):
    # The changed header is named last, after twenty paths that match nothing.
    repo = tree(tmp_path)
    others = [f"nowhere/{i}" for i in range(20)]
    hole = diff_git(repo, "HEAD~3..HEAD~2", *others, HEADER)
    assert hole.returncode == 1, hole.stdout + hole.stderr
    assert f"== {HEADER} (changed) ==" in hole.stdout
