# SPDX-License-Identifier: GPL-2.0
"""IFA-QUE-3: a record is written before head publishes it, under ThreadSanitizer."""
import subprocess

from conftest import ROOT

QUEUE_THREADS = ROOT / "build/queue-threads"


def run(variant):
    return subprocess.run([str(QUEUE_THREADS), variant], capture_output=True, text=True,
                          timeout=120)


def test_reference_queue_across_threads():
    proc = run("correct")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ThreadSanitizer" not in proc.stderr
    assert "every byte intact" in proc.stdout


def test_publishing_head_early_is_caught():
    proc = run("publish-early")
    assert proc.returncode != 0
    assert "IFA-QUE-3: record 1 arrived torn" in proc.stdout, proc.stdout + proc.stderr
