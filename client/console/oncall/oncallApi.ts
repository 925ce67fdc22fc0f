/**
 * The on-call page's calls: the overview (who is on call now everywhere), one schedule's answer
 * (now, until, next, head, the coming shifts, the schedule) and its replacement. Answers are parsed
 * with their routes' schemas (shared/api/oncall.ts).
 */
import type { z } from '../../live/zod.js';
import { parseData, request } from '../../live/api.js';
import {
  OnCallOverviewResponseSchema,
  OnCallResponseSchema,
  OnCallScheduleResponseSchema,
  type OnCallSummarySchema,
} from '../../../shared/api/oncall.js';
import {
  COMMAND_CENTER_SCHEDULE,
  type OnCallAnswer,
  type OnCallSchedule,
  type OnCallScheduleInput,
} from '../../../shared/schemas/index.js';

export type OnCallSummary = z.infer<typeof OnCallSummarySchema>;
export { COMMAND_CENTER_SCHEDULE };

/** The route of one schedule: an agency's, or the command center's supervisors'. */
function pathOf(id: string): string {
  return id === COMMAND_CENTER_SCHEDULE
    ? '/api/v1/oncall/command-center'
    : `/api/v1/agencies/${encodeURIComponent(id)}/oncall`;
}

/** One line per schedule, the command center first. */
export const fetchOverview = async (): Promise<OnCallSummary[]> =>
  parseData(OnCallOverviewResponseSchema, await request('GET', '/api/v1/oncall')).items;

/** Who is on call now for one schedule, the next two weeks and the schedule itself. */
export const fetchOnCall = async (id: string): Promise<OnCallAnswer> =>
  parseData(OnCallResponseSchema, await request('GET', pathOf(id)));

/** Replaces a schedule; a stale `expectedVersion` fails with 409, a bad one with 400 and its issues. */
export const saveSchedule = async (id: string, body: OnCallScheduleInput): Promise<OnCallSchedule> =>
  parseData(OnCallScheduleResponseSchema, await request('PUT', pathOf(id), body));
