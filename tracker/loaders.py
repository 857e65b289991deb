"""What views load by id from the URL: the object, or 404 for one the user may not see (a 403 would
confirm that it exists). Shared by the blueprints, so no view module imports another."""
import sqlalchemy as sa
from flask_login import current_user

from tracker.extensions import db
from tracker.models import Assignment, Directive, ExtensionRequest, Task
from tracker.permissions import abort_unless, can_view_task
from tracker.queries.directives import TASK_ASSIGNMENTS, is_directive_visible


def visible_task(task_id: int) -> Task:
    task = db.session.scalar(sa.select(Task).where(Task.id == task_id).options(TASK_ASSIGNMENTS))
    abort_unless(task is not None and can_view_task(current_user, task), 404)
    return task


def visible_directive(directive_id: int) -> Directive:
    directive = db.get_or_404(Directive, directive_id)
    abort_unless(is_directive_visible(current_user, directive), 404)
    return directive


def visible_assignment(assignment_id: int) -> Assignment:
    assignment = db.session.get(Assignment, assignment_id)
    abort_unless(assignment is not None and can_view_task(current_user, assignment.task), 404)
    return assignment


def visible_extension(extension_id: int) -> ExtensionRequest:
    extension = db.session.get(ExtensionRequest, extension_id)
    abort_unless(extension is not None and can_view_task(current_user, extension.assignment.task), 404)
    return extension
