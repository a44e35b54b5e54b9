"""``manage.py update_dossier_index``: the requests it sends to Elasticsearch, checked with a
recording transport (no cluster), and the same command against a live cluster when
ELASTICSEARCH_URL is set."""

from __future__ import annotations

import datetime as dt
import json
import os
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport._node._base import NodeApiResponse
from elasticsearch import Elasticsearch

from search.documents import dossier_index_alias, dossier_index_rebuild
from tests.factories import DossierFactory

pytestmark = pytest.mark.django_db


class RecordingNode(BaseNode):
    """Answers like an Elasticsearch 9 node and records every request (class-wide)."""

    requests: list[tuple[str, str, bytes | None]] = []
    aliased: dict[str, list[str]] = {}
    concrete: set[str] = set()

    def perform_request(self, method, target, body=None, headers=None, request_timeout=None):
        type(self).requests.append((method, target, body))
        path = target.split("?")[0]
        status, payload = 200, {"acknowledged": True}
        if path == "/_bulk":
            lines = [json.loads(line) for line in body.decode().splitlines() if line]
            items = [{"index": {"_index": a["index"]["_index"], "status": 201}} for a in lines[::2]]
            payload = {"took": 1, "errors": False, "items": items}
        elif path.startswith("/_alias/"):
            names = self.aliased.get(path.removeprefix("/_alias/"), [])
            status = 200 if names else 404
            payload = {name: {"aliases": {path.removeprefix("/_alias/"): {}}} for name in names}
        elif method == "HEAD":
            status = 200 if path.strip("/") in self.concrete else 404
            payload = {}
        meta = ApiResponseMeta(
            status=status,
            http_version="1.1",
            headers=HttpHeaders({"content-type": "application/json", "x-elastic-product": "Elasticsearch"}),
            duration=0.0,
            node=self.config,
        )
        return NodeApiResponse(meta, json.dumps(payload).encode() if method != "HEAD" else b"")


@pytest.fixture
def recording():
    RecordingNode.requests = []
    RecordingNode.aliased = {}
    RecordingNode.concrete = set()
    return Elasticsearch("http://es.test:9200", node_class=RecordingNode)


def _body(raw: bytes | None) -> dict:
    return json.loads(raw) if raw else {}


def _requests(method: str, prefix: str) -> list[tuple[str, str, bytes | None]]:
    return [r for r in RecordingNode.requests if r[0] == method and r[1].split("?")[0].startswith(prefix)]


@pytest.fixture
def dossiers(catalogue):
    received = dt.date(2019, 7, 2)
    at = timezone.make_aware(dt.datetime.combine(received, dt.time(9)))
    common = {"received_at": at, "received_on": received, "due_on": received + dt.timedelta(days=7)}
    return [
        DossierFactory(
            procedure=catalogue["land"], status="pending", applicant_name="Nguyễn Văn An", **common
        ),
        DossierFactory(procedure=catalogue["marriage"], status="withdrawn", **common),
    ]


def test_rebuild_creates_a_new_index_loads_dossiers_and_swaps_the_alias_atomically(recording, dossiers):
    alias = dossier_index_alias()
    RecordingNode.aliased = {alias: [f"{alias}_20190101000000000000"]}
    outcome = dossier_index_rebuild(client=recording)

    new_index = outcome["index"]
    assert new_index.startswith(f"{alias}_") and new_index != alias
    created = _requests("PUT", f"/{new_index}")
    assert len(created) == 1
    mapping = _body(created[0][2])["mappings"]["properties"]
    assert mapping["text"]["analyzer"] == "vietnamese_folding"
    assert "applicant_name" not in mapping

    bulk_lines = [json.loads(line) for r in _requests("PUT", "/_bulk") for line in r[2].decode().splitlines()]
    actions, sources = bulk_lines[::2], bulk_lines[1::2]
    assert [a["index"]["_index"] for a in actions] == [new_index]
    assert [a["index"]["_id"] for a in actions] == [dossiers[0].code]
    assert sources[0]["procedure_code"] == "1.004227" and sources[0]["status"] == "pending"
    assert "Nguyễn" not in json.dumps(sources, ensure_ascii=False)
    assert outcome["documents"] == 1

    swap = _requests("POST", "/_aliases")
    assert len(swap) == 1
    assert _body(swap[0][2]) == {
        "actions": [
            {"remove": {"index": f"{alias}_20190101000000000000", "alias": alias}},
            {"add": {"index": new_index, "alias": alias}},
        ]
    }
    deleted = [r[1].split("?")[0] for r in _requests("DELETE", "/")]
    assert deleted == [f"/{alias}_20190101000000000000"]
    order = [r[1].split("?")[0] for r in RecordingNode.requests]
    assert order.index(f"/{new_index}/_refresh") < order.index("/_aliases") < order.index(deleted[0])


def test_a_concrete_index_with_the_alias_name_is_replaced_in_the_same_swap(recording, dossiers):
    alias = dossier_index_alias()
    RecordingNode.concrete = {alias}
    outcome = dossier_index_rebuild(client=recording)
    swap = _body(_requests("POST", "/_aliases")[0][2])
    assert swap["actions"] == [
        {"remove_index": {"index": alias}},
        {"add": {"index": outcome["index"], "alias": alias}},
    ]
    assert _requests("DELETE", "/") == []


def test_a_failed_load_deletes_the_new_index_and_leaves_the_alias(recording, dossiers):
    def broken():
        yield from ()
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        dossier_index_rebuild(client=recording, documents=broken())
    created = _requests("PUT", f"/{dossier_index_alias()}_")[0][1].split("?")[0]
    assert [r[1].split("?")[0] for r in _requests("DELETE", "/")] == [created]
    assert _requests("POST", "/_aliases") == []


def test_command_says_clearly_when_elasticsearch_is_not_configured(settings):
    settings.ELASTICSEARCH_URL = None
    with pytest.raises(CommandError, match="ELASTICSEARCH_URL is not set"):
        call_command("update_dossier_index")


def test_command_reports_an_unreachable_cluster_without_a_traceback(settings, dossiers):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    with pytest.raises(CommandError, match="did not answer"):
        call_command("update_dossier_index")


@pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"), reason="ELASTICSEARCH_URL is not set")
def test_live_rebuild_twice_keeps_one_index_behind_the_alias(dossiers):
    from search.documents import dossier_client

    out = StringIO()
    call_command("update_dossier_index", stdout=out)
    call_command("update_dossier_index", stdout=out)
    client = dossier_client()
    alias = dossier_index_alias()
    indexes = list(client.indices.get_alias(name=alias).keys())
    assert len(indexes) == 1
    assert client.count(index=alias)["count"] == 1
    assert "1 dossiers indexed" in out.getvalue()


def test_a_dossier_import_rebuilds_the_index_once_it_commits_when_elasticsearch_is_used(
    recording, tmp_path, monkeypatch, settings, django_capture_on_commit_callbacks
):
    from decimal import Decimal

    from procedures.enums import ChannelKind, TimeLimitUnit
    from tests.factories import ChannelFactory, DepartmentFactory, ProcedureFactory
    from transparency.importers.pipeline import dossier_import_apply

    department = DepartmentFactory(slug="so-tu-phap", name="Sở Tư pháp", short_name="STP")
    procedure = ProcedureFactory(code="1.000001", department=department)
    ChannelFactory(
        procedure=procedure,
        kind=ChannelKind.IN_PERSON,
        time_limit_value=Decimal(5),
        time_limit_unit=TimeLimitUnit.WORKING_DAYS,
    )
    export = tmp_path / "export.csv"
    export.write_text(
        "Mã hồ sơ,Mã thủ tục,Cơ quan,Kênh,Ngày tiếp nhận,Ngày hẹn trả,Ngày trả kết quả,Trạng thái,"
        "Ngày hẹn lại,Người nộp\n"
        "H9-0001,1.000001,Sở Tư pháp,Trực tiếp,04/03/2019 09:00,11/03/2019,14/03/2019 10:00,"
        "Đã giải quyết,,Nguyễn Văn An\n",
        encoding="utf-8",
    )
    monkeypatch.setattr("search.documents.dossier_client", lambda: recording)

    settings.ELASTICSEARCH_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        assert dossier_import_apply(path=export).written
    assert RecordingNode.requests == []  # the database answers the statistics search: nothing to send

    settings.ELASTICSEARCH_URL = "http://es.test:9200"
    export.write_text(export.read_text(encoding="utf-8").replace("14/03/2019 10:00", "15/03/2019 10:00"))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert dossier_import_apply(path=export).written
        assert RecordingNode.requests == []  # nothing before the import commits
    assert callbacks
    bulk_lines = [json.loads(line) for r in _requests("PUT", "/_bulk") for line in r[2].decode().splitlines()]
    assert [line["index"]["_id"] for line in bulk_lines[::2]] == ["H9-0001"]
    assert bulk_lines[1]["outcome"] == "late"
    assert "Nguyễn" not in json.dumps(bulk_lines, ensure_ascii=False)
    assert len(_requests("POST", "/_aliases")) == 1
