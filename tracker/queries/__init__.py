"""The read queries, one module per aggregate: every question that lists, pages, reports, the dashboard and
reminders ask is asked once, here. Views and services import the module they need:

- `tasks`: task lists (filtered, classified, paged, counted) and counts per class;
- `unit_home`: one unit's assignments grouped by class;
- `inbox`: what waits for the office or a leader, and the answers a unit received;
- `directives`: directives, their tasks, meetings and issuing bodies;
- `units`: the unit directory;
- `reports`: lead assignments for the overdue list and the dashboard's scorecard;
- `dashboard`: what only the dashboard asks (the overdue list's total beside the period's);
- `reminders`: what may be due for a reminder on a day, and who receives it;
- `summaries`: the leaders' weekly summary and the list sent before a meeting;
- `calendar`, `followup`: the calendar feeds' events; the follow-up reports' rows and carry-over links.
"""
