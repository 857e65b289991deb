"""Schemathesis against the served OpenAPI description: generated requests to every operation (valid and
invalid ones), as an office user and as a unit user, on both databases; no answer may be a 500, and every
answer must match the description (status, content type, body schema). Kept small (a few examples per
operation) so the suite stays fast; raise MAX_EXAMPLES locally to search harder."""
import os
from datetime import date

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_schema_conformance, status_code_conformance,
)

from tracker.extensions import db
from tracker.models import Role, TokenKind
from tracker.services import tokens, workflow

MAX_EXAMPLES = int(os.environ.get("TRACKER_SCHEMATHESIS_EXAMPLES", "6"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_api_answers_as_its_openapi_description(app, make_unit, make_user, make_task, frozen_clock):
    frozen_clock(date(2023, 9, 20))
    kimson, yte = make_unit("Xã Kim Sơn"), make_unit("Phòng Y tế")
    office, unit_user = make_user("vanphong", Role.OFFICE), make_user("kimson", Role.UNIT, kimson)
    task = make_task(kimson, support=[yte], deadline_on=date(2023, 9, 30))
    extension = workflow.request_extension(task.leads[0], unit_user, new_deadline_on=date(2023, 10, 30),
                                           reason="Chờ kinh phí")
    secrets = [tokens.create_token(user, TokenKind.API, "fuzz")[1] for user in (office, unit_user)]
    db.session.commit()
    #: Half the cases name rows that exist, so the fuzzer gets past the 404s into the actions' rules.
    known = {"task_id": task.id, "directive_id": task.directive_id, "assignment_id": task.leads[0].id,
             "extension_id": extension.id}

    def with_known_ids(case):
        if case.path_parameters:
            case.path_parameters = {name: known.get(name, value) for name, value in case.path_parameters.items()}
        return case

    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 20
    failures = []
    for secret in secrets:
        headers = {"Authorization": f"Bearer {secret}"}
        for operation in operations:
            @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True,
                      phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy() | operation.as_strategy().map(with_known_ids))
            def run(case):
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                run()
            except Exception as error:  # noqa: BLE001 - collect every operation's failure, then report them all
                failures.append(f"{operation.label}: {str(error)[:1500]}")
            db.session.rollback()
    assert not failures, "\n\n".join(failures)
