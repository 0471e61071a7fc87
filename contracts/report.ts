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
  complete: boolean;
  submissions: number;
}

/** Sent after each submission is processed, with how many rows still lack an accepted outcome. */
export const reportSubmittedSignal = defineSignal<[{ submissionId: number; outstanding: number }]>('reportSubmitted');
export const reportStatusQuery = defineQuery<AssisterReportStatus>('reportStatus');
