"""Parse and extract on a Dask distributed cluster: ``kg build --engine dask --scheduler ADDRESS``.

The same unit of work as ``--workers N`` (``parallel.extract_batch``), sent to
the cluster's workers instead of local processes: each worker process loads the
model once (``parallel.worker_pipeline`` is cached per process) and sends back
``DocumentResult``s; this process assigns identities and writes them to the
store as they arrive, in input order.  At most ``IN_FLIGHT`` batches per worker
thread are outstanding, so the client's memory stays flat however large the
corpus.

Every worker needs kg and the model installed (``pip install 'kg[cluster]'``);
give each worker process one thread (``dask worker ADDRESS --nthreads 1``) and
start as many workers as there are cores: parsing holds the GIL.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg.errors import KGError
from kg.pipeline.parallel import IN_FLIGHT, extract_batch, run_ordered
from kg.types import Article, Extracted

CONNECT_TIMEOUT = 10  # seconds to reach the scheduler, and then to see a first worker


def run_dask(
    articles: Iterable[Article], *, scheduler: str, model: str | None = None, knowledge: str | None = None,
    extractors: tuple[str, ...] | None = None,
) -> Iterator[Extracted]:
    """Yield a DocumentResult per article, in order, parsed and extracted on the cluster at ``scheduler``."""
    client = connect(scheduler)
    try:
        threads = sum(client.nthreads().values())
        yield from run_ordered(
            lambda batch: client.submit(extract_batch, batch, model, knowledge, extractors, pure=False), articles, threads * IN_FLIGHT
        )
    finally:
        client.close()


def connect(scheduler: str, timeout: float = CONNECT_TIMEOUT):
    """A Dask client for ``scheduler`` with at least one worker, or a KGError saying what to do."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise KGError("--engine dask needs Dask distributed: pip install 'kg[cluster]'") from exc
    try:
        client = Client(scheduler, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        raise KGError(
            f"cannot reach the Dask scheduler at {scheduler} ({exc}); start one with `dask scheduler` "
            "and workers with `dask worker ADDRESS --nthreads 1`, or check --scheduler"
        ) from exc
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError as exc:
        client.close()
        raise KGError(
            f"the Dask scheduler at {scheduler} has no workers after {timeout:g}s; "
            "start some with `dask worker ADDRESS --nthreads 1`"
        ) from exc
    return client
