// How long a late report is awaited. Its own module with no imports: the report workflow needs it, and the report
// calendar's module would bring the holiday library (and its data) into every workflow.

/** Decision: a late report is still awaited this long after its due date; then its workflow ends as incomplete. */
export const LATE_REPORT_WINDOW_DAYS = 14;

/** The instant after which a report is no longer awaited. */
export const lateReportsUntil = (dueAt: number) => dueAt + LATE_REPORT_WINDOW_DAYS * 86_400_000;
