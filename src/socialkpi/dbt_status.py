"""Per-model status tasks of the daily DAG, finished by the triggerer without a worker.

``dbt_build`` runs one ``dbt build`` and returns every model's outcome
(:func:`socialkpi.pipeline.dbt_build_step`). One :class:`DbtNodeStatusOperator` per model
shows that outcome in Airflow (green, red, pink for skipped), with the reason in its log.

Under the scheduler the tasks *start from the trigger* (``start_from_trigger``): the scheduler
defers them straight away, the triggerer runs :class:`DbtNodeStatusTrigger` (a few
milliseconds: one XCom read) and ends the task with ``TaskSuccessEvent`` /
``TaskFailedEvent`` / ``TaskSkippedEvent``. No task process, no worker slot
(bench/bench_task_overhead.py, 64 tasks on 2 cores: 29.7 s as task processes, 11.8 s so; the
triggerer takes new triggers up every ~5 s). Under ``airflow dags test`` (which never defers
at scheduling time) the same outcome is read by :meth:`DbtNodeStatusOperator.execute`.

The status tasks run after ``dbt_build`` whatever its state (``all_done``) so a failed build
still shows which models failed, and never retry: only a new ``dbt_build`` changes an outcome.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

from airflow.sdk import BaseOperator
from airflow.sdk.exceptions import AirflowFailException, AirflowSkipException
from airflow.triggers.base import (
    BaseTrigger,
    StartTriggerArgs,
    TaskFailedEvent,
    TaskSkippedEvent,
    TaskSuccessEvent,
    TriggerEvent,
)

TRIGGER_PATH = "socialkpi.dbt_status.DbtNodeStatusTrigger"
# The producer pushes its outcomes under this key before it ends, also when it fails (a task's
# return value is only kept when it succeeds).
OUTCOMES_XCOM_KEY = "dbt_outcomes"
# The producer's outcomes are written before it ends; a short grace covers an XCom read that
# races the end of the producer (it never waits for dbt itself: the tasks start after it).
READ_ATTEMPTS = 5
READ_INTERVAL_SECONDS = 1.0


def outcome_message(node_id: str, outcome: dict | None, producer_task_id: str) -> tuple[str, str]:
    """``(state, message)`` for a node from the producer's return value; state is one of
    success, failed, skipped."""
    if outcome is None:
        return "failed", f"{producer_task_id} ended without an outcome for {node_id} (did it run?)"
    status = outcome.get("status")
    tests = (
        f"tests: {outcome.get('tests_passed', 0)} passed, {outcome.get('tests_warned', 0)} warned, "
        f"{len(outcome.get('tests_failed') or [])} failed"
    )
    if status == "success":
        return "success", f"{node_id}: built in {outcome.get('seconds', 0):.2f} s; {tests}"
    if status == "skipped":
        return "skipped", f"{node_id}: not built, {outcome.get('detail', '')}"
    detail = outcome.get("detail") or status
    return "failed", f"{node_id}: {status}: {detail}; {tests}"


def _node_outcome(build: Any, node_id: str) -> dict | None:
    if not isinstance(build, dict):
        return None
    return (build.get("nodes") or {}).get(node_id)


class DbtNodeStatusTrigger(BaseTrigger):
    """Reads the producer's outcomes (XCom ``dbt_outcomes``) and ends the status task."""

    def __init__(self, node_id: str, producer_task_id: str, attempts: int = READ_ATTEMPTS):
        super().__init__()
        self.node_id = node_id
        self.producer_task_id = producer_task_id
        self.attempts = attempts

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return TRIGGER_PATH, {
            "node_id": self.node_id,
            "producer_task_id": self.producer_task_id,
            "attempts": self.attempts,
        }

    async def _read_build(self) -> Any:
        from airflow.sdk.execution_time.xcom import XCom
        from asgiref.sync import sync_to_async

        ti = self.task_instance
        return await sync_to_async(XCom.get_one)(
            run_id=ti.run_id, key=OUTCOMES_XCOM_KEY, task_id=self.producer_task_id,
            dag_id=ti.dag_id, map_index=-1,
        )  # fmt: skip

    async def run(self) -> AsyncIterator[TriggerEvent]:
        build = None
        for attempt in range(self.attempts):
            build = await self._read_build()
            if build is not None:
                break
            if attempt + 1 < self.attempts:
                await asyncio.sleep(READ_INTERVAL_SECONDS)
        state, message = outcome_message(
            self.node_id, _node_outcome(build, self.node_id), self.producer_task_id
        )
        if state == "success":
            self.log.info("%s", message)
            yield TaskSuccessEvent()
        elif state == "skipped":
            self.log.warning("%s", message)
            yield TaskSkippedEvent()
        else:
            self.log.error("%s", message)
            yield TaskFailedEvent()


class DbtNodeStatusOperator(BaseOperator):
    """Shows one dbt node's outcome of the run's ``dbt build`` (see the module docstring)."""

    ui_color = "#ff694a"  # dbt's orange, as Cosmos' dbt tasks
    ui_fgcolor = "#ffffff"
    start_from_trigger = True
    start_trigger_args = StartTriggerArgs(
        trigger_cls=TRIGGER_PATH, trigger_kwargs={}, next_method="execute_complete",
        timeout=timedelta(minutes=5),
    )  # fmt: skip

    def __init__(
        self, *, dbt_unique_id: str, producer_task_id: str = "dbt_build", **kwargs
    ) -> None:
        kwargs.setdefault("trigger_rule", "all_done")
        kwargs["retries"] = 0
        # The triggerer ends these tasks, no worker runs callbacks for them; dbt_build's own
        # failure alert names the failing models.
        kwargs["on_failure_callback"] = None
        super().__init__(**kwargs)
        self.dbt_unique_id = dbt_unique_id
        self.producer_task_id = producer_task_id
        # A new object per task: start_trigger_args is a class attribute.
        self.start_trigger_args = StartTriggerArgs(
            trigger_cls=TRIGGER_PATH,
            trigger_kwargs={"node_id": dbt_unique_id, "producer_task_id": producer_task_id},
            next_method="execute_complete",
            timeout=timedelta(minutes=5),
        )

    def execute(self, context: Any) -> None:
        """The same outcome without a triggerer (``airflow dags test``)."""
        build = context["ti"].xcom_pull(task_ids=self.producer_task_id, key=OUTCOMES_XCOM_KEY)
        state, message = outcome_message(
            self.dbt_unique_id, _node_outcome(build, self.dbt_unique_id), self.producer_task_id
        )
        if state == "skipped":
            raise AirflowSkipException(message)
        if state == "failed":
            raise AirflowFailException(message)
        self.log.info("%s", message)

    def execute_complete(self, context: Any, event: Any = None) -> None:
        """Only reached if a trigger event resumes the task on a worker (it ends in the
        triggerer otherwise): read the outcome again."""
        self.execute(context)
