# SPDX-License-Identifier: GPL-2.0
"""The reference queue across two threads under ThreadSanitizer: IFA-QUE-4, -5, -7 to -9, -11."""
import re
import subprocess
import time

import pytest

from conftest import ROOT

QUEUE_THREADS = ROOT / "build/queue-threads"
# The same stress over a reference queue whose producer loads tail relaxed.
RELAXED_TAIL = ROOT / "build/queue-threads-relaxed-tail"
# ... and over one whose consumer loads head relaxed.
RELAXED_HEAD = ROOT / "build/queue-threads-relaxed-head"


def run(variant, binary=QUEUE_THREADS):
    return subprocess.run([str(binary), variant], capture_output=True, text=True,
                          timeout=120)


def test_reference_queue_across_threads():
    proc = run("correct")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ThreadSanitizer" not in proc.stderr
    assert "every byte intact" in proc.stdout


def test_publishing_head_early_is_caught():
    proc = run("publish-early")
    assert proc.returncode != 0
    assert "IFA-QUE-8: record 1 arrived torn" in proc.stdout, proc.stdout + proc.stderr


def test_lost_count_is_exact_across_threads():
    """A producer that drops when full, a consumer that pauses: every record accounted for."""
    start = time.monotonic()
    proc = run("lossy")
    assert time.monotonic() - start < 30
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ThreadSanitizer" not in proc.stderr
    m = re.search(r"sent (\d+), received (\d+), dropped (\d+) \(producer\), lost (\d+) \(queue\), "
                  r"(\d+) \(consumer's reads\), (\d+) \(sequence gaps\)", proc.stdout)
    assert m, proc.stdout
    sent, received, dropped, lost, read, gaps = map(int, m.groups())
    assert sent == received + dropped and dropped == lost == read == gaps
    assert received and dropped


@pytest.mark.parametrize("binary,says", [
    # IFA-QUE-7: without acquire on tail the producer may overwrite a slot still being read.
    (RELAXED_TAIL, "IFA-QUE-7: the producer wrote a slot while the consumer could still be "
                   "reading it"),
    # IFA-QUE-9: without acquire on head the consumer may read a slot still being written.
    (RELAXED_HEAD, "IFA-QUE-9: the consumer read a record without loading head with acquire "
                   "ordering"),
], ids=["relaxed-tail", "relaxed-head"])
def test_a_side_loading_the_other_index_relaxed_is_caught(binary, says):
    for variant in ("correct", "lossy"):
        proc = run(variant, binary)
        assert proc.returncode != 0, proc.stdout
        assert says in proc.stdout, proc.stdout + proc.stderr
        assert "WARNING: ThreadSanitizer: data race" in proc.stderr


def test_a_producer_counting_lost_late_is_caught():
    """IFA-QUE-11: a drop reaches lost before the next head; a producer that adds its drops
    to lost at the end keeps the totals right, and is caught at the first gap."""
    proc = run("lost-late")
    assert proc.returncode != 0, proc.stdout
    assert re.search(r"^IFA-QUE-11: record \d+ arrived after \d+ records dropped in all, but "
                     r"lost showed 0$", proc.stdout, re.M), proc.stdout
