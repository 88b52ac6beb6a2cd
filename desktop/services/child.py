"""One long call run in a child process, with its progress, result, failure and
cancellation carried over a pipe.

Why a process and not a thread: reading or importing a large file spends long stretches
in C calls that hold the GIL (calamine parsing a whole sheet, sorting a column, freeing a
table of two million cells, building the normalised columns). A thread running them
starves the GUI thread for 100 ms and more on a busy PC, whatever the call's own
progress reporting does; a child process cannot.

    batch = call(import_job, ticket, path, kind, progress=report, cancel=token)
    head = call(read_head, path, kind, controlled=False, kwargs={"sample": 5})

`target` must be a module-level function; with `controlled` it takes
`(*args, progress=, cancel=)`. A cancel asks the child to stop at its next check (a
service rolls its transaction back); a child that does not stop within `grace` seconds
is killed, which rolls back too. This module stays light (no store, no Qt): the child
imports it, and the target's module, before it can start.
"""

from __future__ import annotations

import multiprocessing
import os
import time
import traceback
from collections.abc import Callable, Mapping
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from desktop.crash import mask_text
from desktop.services.progress import Cancelled, CancelToken, Event, Progress

T = TypeVar("T")
PROGRESS_EVERY = 0.1  # seconds between progress messages: the GUI needs no more
# The child yields the CPU to the window on a busy 2-core PC: the clerk waits a little
# longer for a large import, the window never waits for it.
CHILD_NICE = 5
_POLL = 0.05


class ChildFailed(Exception):
    """The child's call raised: its message for the clerk, the child's traceback (ID
    numbers masked) as a note for IT."""


def _child(
    target: Callable[..., Any],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    out: Connection,
    stop: Event,
) -> None:
    if hasattr(os, "nice"):
        os.nice(CHILD_NICE)
    token = CancelToken(stop)
    last = 0.0

    def report(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_EVERY or (total and done >= total):
            last = now
            out.send(("progress", done, total))

    if "progress" in kwargs:  # `controlled`: the call reports and can be stopped
        kwargs = {**kwargs, "progress": report, "cancel": token}
    try:
        result = target(*args, **kwargs)
    except Cancelled:
        out.send(("cancelled",))
    except BaseException as exc:  # every failure goes back as a message
        details = mask_text("".join(traceback.format_exception(exc)))
        out.send(("failed", str(exc) or type(exc).__name__, details))
    else:
        out.send(("done", result))
    finally:
        out.close()


def call(
    target: Callable[..., T],
    *args: Any,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    grace: float = 10.0,
    controlled: bool = True,
    kwargs: Mapping[str, Any] | None = None,
) -> T:
    """Run `target(*args, **kwargs)` in a child process, with `progress=` and `cancel=`
    when `controlled`; block (the calling thread, never the GUI thread) until it
    reports."""
    ctx = multiprocessing.get_context("spawn")  # fork is unsafe in a threaded Qt process
    reader, writer = ctx.Pipe(duplex=False)
    stop = ctx.Event()
    given = dict(kwargs or {})
    if controlled:
        given.update(progress=None, cancel=None)  # the child puts its own in their place
    proc = ctx.Process(target=_child, args=(target, args, given, writer, stop), daemon=True)
    proc.start()
    writer.close()  # the child holds the only writer: EOF means it is gone
    deadline: float | None = None
    try:
        while True:
            if cancel is not None and cancel.cancelled and deadline is None:
                stop.set()
                deadline = time.monotonic() + grace
            if deadline is not None and time.monotonic() > deadline:
                raise Cancelled  # `finally` kills the child; its transaction dies with it
            if not reader.poll(_POLL):
                continue
            try:
                message = reader.recv()
            except EOFError:
                proc.join(5)
                raise ChildFailed(
                    f"后台进程意外退出（代码 {proc.exitcode}），未保存任何更改"
                ) from None
            match message:
                case ("progress", done, total):
                    if progress is not None:
                        progress(done, total)
                case ("done", result):
                    return result  # type: ignore[no-any-return]
                case ("cancelled",):
                    raise Cancelled
                case ("failed", text, details):
                    failure = ChildFailed(text)
                    failure.add_note(details)
                    raise failure
    finally:
        reader.close()
        proc.join(1 if deadline is None else 0)
        if proc.is_alive():
            proc.kill()
            proc.join()
