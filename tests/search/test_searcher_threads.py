"""Searchers of a thread-per-request server: closed when their thread is gone, all closed at shutdown."""

import gc
import os
import threading

from .test_engine import backend  # noqa: F401  (fixture)


def open_index_files(index_dir) -> int:
    """How many files of the index this process holds open."""
    prefix = str(index_dir)
    return sum(os.path.realpath(f"/proc/self/fd/{fd}").startswith(prefix) for fd in os.listdir("/proc/self/fd"))


def test_each_request_thread_does_not_keep_files_open(backend):  # noqa: F811
    def one_request():
        assert backend.search(1, "ket hon").results

    for _ in range(6):
        thread = threading.Thread(target=one_request)
        thread.start()
        thread.join()
        gc.collect()  # an unclosed searcher would raise ResourceWarning (an error in this suite) here
    assert open_index_files(backend.index_dir) <= 1
    backend.close_all()
    assert open_index_files(backend.index_dir) == 0
