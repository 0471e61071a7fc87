// The report area's contract: ids, inputs, status views and messages of the report cycle, each assister's report
// and the delivery of a submission, shared by the workflows, the activities, the API and the CLI. Ids name the
// period and the assister, never a consumer.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ReportPeriod } from '../domain/report-calendar';

export const REPORT_SCHEDULE_ID = 'pal-report-cycle';
export const assisterReportWorkflowId = (referralsFrom: string, assisterId: string) => `report-${referralsFrom}-${assisterId}`;
export const reportDeliveryWorkflowId = (referralsFrom: string, assisterId: string, submissionId: number) => `report-${referralsFrom}-${assisterId}-submission-${submissionId}`;

/** One accepted submission whose recorded outcomes go to their lead workflows. */
export interface ReportDelivery {
  submissionId: number;
  assisterId: string;
  period: ReportPeriod;
}

export type ReportNotice = 'report-reminder' | 'report-overdue';

export interface AssisterReportStatus {
  assisterId: string;
  referralsFrom: string;
  rows: number;
  /** Rows without an accepted outcome yet. */
  outstanding: number;
  reminded: boolean;
  overdue: boolean;
  /** Workflow time of the reminder and of the escalation. */
  remindedAt?: string;
  overdueAt?: string;
  /** Every row has an outcome (returned on this report or another, or through the lead's own updates). */
  complete: boolean;
  submissions: number;
  /**
   * Rows without an outcome that moved to a newer report when it went out (domain/report-carry-over), and that
   * report's period start; the report workflow then ends without being complete.
   */
  carriedOver?: number;
  carriedTo?: string;
}

/**
 * Sent after each submission is processed: the report counts its rows without an outcome again. `outstanding` is
 * the count the sender saw, which only report runs started before the recount (patch 'report-recount') use.
 */
export const reportSubmittedSignal = defineSignal<[{ submissionId: number; outstanding: number }]>('reportSubmitted');
export const reportStatusQuery = defineQuery<AssisterReportStatus>('reportStatus');
/** Sent to an older report when a newer report of the assister goes out: its rows without an outcome moved there. */
export const reportCarriedOverSignal = defineSignal<[{ to: string; carriedOver: number }]>('reportCarriedOver');
