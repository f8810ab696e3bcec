/**
 * Statistics from the record (Reg. 2023/1543 Art 28(2)): what each order's signed steps say,
 * counted. Member States must report every year the orders issued by type of data, addressee
 * and emergency; those answered and not, and why; the notifications to enforcing authorities and
 * the grounds for refusal raised; and the average time from issue to answer (EPOC) or to the
 * subsequent request (EPOC-PR). Providers build their transparency reports from the same counts.
 *
 * Pure: the caller reads the orders and their steps (only steps the log holds below a checkpoint,
 * so the figures are tied to that checkpoint) and gives the window and the time.
 */
import { DATA_CATEGORIES, ORDER_TYPES, type DataCategory, type OrderType } from './data-categories.js';
import { isReceipt, orderClocks, type ClockStep } from './order-clocks.js';
import { ANNEX_III_REASONS, REFUSAL_GROUNDS } from './order-content.js';

/** A step as the statistics read it: what happened and when, with the members of its payload and record they need. */
export interface StatisticsStep {
  action: string;
  at: Date;
  fromStatus: string | null;
  toStatus: string;
  /** The payload and the record of the step, merged (the record wins): ISSUE, REVIEW and NOT_EXECUTE only. */
  facts: Record<string, unknown>;
}

export interface StatisticsOrder {
  id: string;
  type: OrderType;
  instrument: string;
  emergency: boolean;
  dataCategories: readonly DataCategory[];
  issuingState: string;
  /** The State whose enforcing authority was notified (Art 8), if any. */
  enforcingState: string | null;
  provider: { id: string; name: string; country: string | null };
  /** The route's deadlines (libs/routing), as the order's clocks read them. */
  deadlines: readonly { clock: string; duration: string }[];
  /** In order. */
  steps: readonly StatisticsStep[];
}

export const STATISTICS_DIMENSIONS = ['country', 'instrument', 'provider'] as const;
export type StatisticsDimension = (typeof STATISTICS_DIMENSIONS)[number];

export const OUTCOMES = ['FULFILLED', 'PARTIALLY_FULFILLED', 'NOT_EXECUTED', 'WITHDRAWN', 'EXPIRED', 'PENDING'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export type DeadlineOutcome = 'MET' | 'MISSED' | 'OPEN' | 'NONE';

/** One order, as the statistics count it. */
export interface OrderFigures {
  issuedAt: Date;
  outcome: Outcome;
  /** Hours from receipt to the answer (production or non-execution; preservation confirmed), clarification pauses left out. */
  hoursToAnswer: number | null;
  /** The production deadline: met, missed (answered late, or overdue unanswered), still open, or none (preservations, or withdrawn first). */
  deadline: DeadlineOutcome;
  emergencyWithoutPriorValidation: boolean;
  /** An emergency order issued without prior validation whose validation was refused or lapsed (Art 4(5)). */
  exPostValidationNotGranted: boolean;
  /** Art 12(1) grounds the enforcing authority raised. */
  refusalGrounds: string[];
  /** Annex III reasons the addressee gave for not executing. */
  nonExecutionReasons: string[];
  /** EPOC-PR: hours from receipt to the confirmed subsequent request (Annex V). */
  hoursToSubsequentRequest: number | null;
}

const HOUR = 3_600_000;
const hours = (ms: number) => Math.round((ms / HOUR) * 10) / 10;

/** Hours between `from` and `to`, less the time spent waiting for a clarification in between. */
function activeMs(steps: readonly StatisticsStep[], from: Date, to: Date): number {
  let paused = 0;
  let since: Date | null = null;
  for (const step of steps) {
    if (step.at.getTime() > to.getTime()) break;
    if (step.action === 'REQUEST_CLARIFICATION') since = step.at;
    if (step.action === 'CLARIFY' && since) {
      paused += step.at.getTime() - since.getTime();
      since = null;
    }
  }
  if (since) paused += to.getTime() - since.getTime();
  return to.getTime() - from.getTime() - paused;
}

const clockSteps = (steps: readonly StatisticsStep[]): ClockStep[] =>
  steps.map((step) => ({ action: step.action as ClockStep['action'], at: step.at, fromStatus: step.fromStatus as ClockStep['fromStatus'], toStatus: step.toStatus as ClockStep['toStatus'], payload: step.facts }));

/** What one order counts for at `now`, or null when it was never issued (a draft has no legal effect). */
export function orderFigures(order: StatisticsOrder, now: Date): OrderFigures | null {
  const steps = order.steps;
  const receipt = steps.find((step) => isReceipt(step as Parameters<typeof isReceipt>[0]));
  if (!receipt) return null;
  const answers = order.type === 'PRODUCTION' ? ['PRODUCE', 'NOT_EXECUTE'] : ['CONFIRM_PRESERVATION', 'NOT_EXECUTE'];
  const answer = steps.find((step) => answers.includes(step.action) && step.at.getTime() >= receipt.at.getTime());
  const last = steps.at(-1)!;
  let outcome: Outcome = 'PENDING';
  if (answer?.action === 'NOT_EXECUTE') outcome = 'NOT_EXECUTED';
  else if (answer?.action === 'PRODUCE') outcome = answer.toStatus === 'PARTIALLY_PRODUCED' ? 'PARTIALLY_FULFILLED' : 'FULFILLED';
  else if (answer) outcome = 'FULFILLED';
  else if (last.toStatus === 'WITHDRAWN') outcome = 'WITHDRAWN';
  else if (last.toStatus === 'EXPIRED') outcome = 'EXPIRED';

  let deadline: DeadlineOutcome = 'NONE';
  if (order.type === 'PRODUCTION') {
    const clockInput = { type: order.type, emergency: order.emergency, enforcingReview: order.enforcingState !== null, deadlines: order.deadlines };
    if (answer) {
      const dueAt = orderClocks({ ...clockInput, steps: clockSteps(steps.filter((step) => step.at.getTime() <= answer.at.getTime())) }, answer.at).dueAt;
      if (dueAt) deadline = answer.at.getTime() <= dueAt.getTime() ? 'MET' : 'MISSED';
    } else if (outcome === 'PENDING') {
      const clocks = orderClocks({ ...clockInput, steps: clockSteps(steps) }, now);
      if (clocks.dueAt) deadline = clocks.overdue ? 'MISSED' : 'OPEN';
    }
  }

  const issue = steps.find((step) => step.action === 'ISSUE');
  const emergencyWithoutPriorValidation = issue?.facts.withoutPriorValidation === true;
  const exPostValidationNotGranted =
    emergencyWithoutPriorValidation &&
    steps.some((step) => step.at.getTime() >= issue!.at.getTime() && (step.action === 'REFUSE_VALIDATION' || (step.action === 'WITHDRAW' && step.facts.reason === 'EX_POST_VALIDATION_LAPSED')));
  const review = steps.find((step) => step.action === 'REVIEW');
  const refusalGrounds = review?.facts.decision === 'GROUNDS_RAISED' && Array.isArray(review.facts.grounds) ? review.facts.grounds.map(String) : [];
  const nonExecution = steps.find((step) => step.action === 'NOT_EXECUTE');
  const nonExecutionReasons = Array.isArray(nonExecution?.facts.reasons) ? (nonExecution.facts.reasons as { code?: unknown }[]).map((reason) => String(reason.code ?? reason)) : [];
  const subsequent = order.type === 'PRESERVATION' ? steps.find((step) => step.action === 'CONFIRM_SUBSEQUENT_REQUEST') : undefined;

  return {
    issuedAt: receipt.at,
    outcome,
    hoursToAnswer: answer ? hours(activeMs(steps, receipt.at, answer.at)) : null,
    deadline,
    emergencyWithoutPriorValidation,
    exPostValidationNotGranted,
    refusalGrounds,
    nonExecutionReasons,
    hoursToSubsequentRequest: subsequent ? hours(subsequent.at.getTime() - receipt.at.getTime()) : null,
  };
}

export interface StatisticsAggregate {
  /** Orders issued in the window (received by the addressee). */
  issued: number;
  byType: Record<OrderType, number>;
  /** An order asking for several categories counts once in each. */
  byDataCategory: Record<DataCategory, number>;
  emergency: number;
  emergencyWithoutPriorValidation: number;
  exPostValidationNotGranted: number;
  /** Notifications to an enforcing authority (Art 8). */
  notifiedToEnforcingState: number;
  outcomes: Record<Outcome, number>;
  deadlines: { met: number; missed: number; open: number };
  timeToAnswerHours: { answered: number; average: number | null; median: number | null; max: number | null };
  timeToSubsequentRequestHours: { count: number; average: number | null };
  /** Art 12(1)(a)-(d) grounds raised by enforcing authorities. */
  refusalGrounds: Record<string, number>;
  /** Annex III reasons for not executing (4-10). */
  nonExecutionReasons: Record<string, number>;
}

export interface StatisticsGroup extends StatisticsAggregate {
  key: Record<string, string | null>;
}

export interface StatisticsResult {
  window: { from: Date; to: Date };
  by: StatisticsDimension;
  total: StatisticsAggregate;
  groups: StatisticsGroup[];
}

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const average = (values: readonly number[]) => (values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10 : null);

function aggregate(counted: readonly { order: StatisticsOrder; figures: OrderFigures }[]): StatisticsAggregate {
  const result: StatisticsAggregate = {
    issued: counted.length,
    byType: zeros(ORDER_TYPES),
    byDataCategory: zeros(DATA_CATEGORIES),
    emergency: 0,
    emergencyWithoutPriorValidation: 0,
    exPostValidationNotGranted: 0,
    notifiedToEnforcingState: 0,
    outcomes: zeros(OUTCOMES),
    deadlines: { met: 0, missed: 0, open: 0 },
    timeToAnswerHours: { answered: 0, average: null, median: null, max: null },
    timeToSubsequentRequestHours: { count: 0, average: null },
    refusalGrounds: zeros(REFUSAL_GROUNDS),
    nonExecutionReasons: zeros(ANNEX_III_REASONS.slice(3)),
  };
  const answered: number[] = [];
  const subsequent: number[] = [];
  for (const { order, figures } of counted) {
    result.byType[order.type] += 1;
    for (const category of new Set(order.dataCategories)) result.byDataCategory[category] += 1;
    if (order.emergency) result.emergency += 1;
    if (figures.emergencyWithoutPriorValidation) result.emergencyWithoutPriorValidation += 1;
    if (figures.exPostValidationNotGranted) result.exPostValidationNotGranted += 1;
    if (order.enforcingState !== null) result.notifiedToEnforcingState += 1;
    result.outcomes[figures.outcome] += 1;
    if (figures.deadline === 'MET') result.deadlines.met += 1;
    if (figures.deadline === 'MISSED') result.deadlines.missed += 1;
    if (figures.deadline === 'OPEN') result.deadlines.open += 1;
    if (figures.hoursToAnswer !== null) answered.push(figures.hoursToAnswer);
    if (figures.hoursToSubsequentRequest !== null) subsequent.push(figures.hoursToSubsequentRequest);
    for (const ground of figures.refusalGrounds) result.refusalGrounds[ground] = (result.refusalGrounds[ground] ?? 0) + 1;
    for (const reason of figures.nonExecutionReasons) result.nonExecutionReasons[reason] = (result.nonExecutionReasons[reason] ?? 0) + 1;
  }
  answered.sort((a, b) => a - b);
  result.timeToAnswerHours = {
    answered: answered.length,
    average: average(answered),
    median: answered.length ? (answered.length % 2 ? answered[(answered.length - 1) / 2] : Math.round(((answered[answered.length / 2 - 1] + answered[answered.length / 2]) / 2) * 10) / 10) : null,
    max: answered.at(-1) ?? null,
  };
  result.timeToSubsequentRequestHours = { count: subsequent.length, average: average(subsequent) };
  return result;
}

function keyOf(order: StatisticsOrder, by: StatisticsDimension): Record<string, string | null> {
  switch (by) {
    case 'country':
      return { issuingState: order.issuingState, enforcingState: order.enforcingState };
    case 'instrument':
      return { instrument: order.instrument };
    case 'provider':
      return { providerId: order.provider.id, providerName: order.provider.name, providerCountry: order.provider.country };
  }
}

/**
 * The statistics of the orders issued in [from, to) at `now`: the total, and one group per value
 * of `by` (issuing and enforcing State, instrument, or addressee), groups in a stable order.
 */
export function computeStatistics(orders: readonly StatisticsOrder[], window: { from: Date; to: Date }, by: StatisticsDimension, now: Date): StatisticsResult {
  const counted = orders.flatMap((order) => {
    const figures = orderFigures(order, now);
    if (!figures || figures.issuedAt.getTime() < window.from.getTime() || figures.issuedAt.getTime() >= window.to.getTime()) return [];
    return [{ order, figures }];
  });
  const groups = new Map<string, { key: Record<string, string | null>; members: typeof counted }>();
  for (const entry of counted) {
    const key = keyOf(entry.order, by);
    const id = JSON.stringify(Object.values(key));
    const group = groups.get(id) ?? { key, members: [] };
    group.members.push(entry);
    groups.set(id, group);
  }
  return {
    window,
    by,
    total: aggregate(counted),
    groups: [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, group]) => ({ key: group.key, ...aggregate(group.members) })),
  };
}

const KEY_COLUMNS: Record<StatisticsDimension, string[]> = {
  country: ['issuingState', 'enforcingState'],
  instrument: ['instrument'],
  provider: ['providerId', 'providerName', 'providerCountry'],
};

/** Quoted when needed (RFC 4180); free text (`text`) starting like a formula is defused for spreadsheets. */
function csvField(value: unknown, text = false): string {
  const raw = value === null || value === undefined ? '' : String(value);
  const safe = text && /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * RFC 4180 CSV, one row for the total (`group` = ALL) and one per group, every count in its own
 * column, and on each row the window and the log checkpoint the figures were computed at.
 */
export function statisticsCsv(result: StatisticsResult, checkpoint: { size: number; rootHash: string }): string {
  const keys = KEY_COLUMNS[result.by];
  const metric = (a: StatisticsAggregate): Record<string, unknown> => ({
    issued: a.issued,
    ...Object.fromEntries(ORDER_TYPES.map((type) => [`type_${type}`, a.byType[type]])),
    ...Object.fromEntries(DATA_CATEGORIES.map((category) => [`data_${category}`, a.byDataCategory[category]])),
    emergency: a.emergency,
    emergency_without_prior_validation: a.emergencyWithoutPriorValidation,
    ex_post_validation_not_granted: a.exPostValidationNotGranted,
    notified_to_enforcing_state: a.notifiedToEnforcingState,
    ...Object.fromEntries(OUTCOMES.map((outcome) => [`outcome_${outcome}`, a.outcomes[outcome]])),
    deadline_met: a.deadlines.met,
    deadline_missed: a.deadlines.missed,
    deadline_open: a.deadlines.open,
    answered: a.timeToAnswerHours.answered,
    hours_to_answer_average: a.timeToAnswerHours.average,
    hours_to_answer_median: a.timeToAnswerHours.median,
    hours_to_answer_max: a.timeToAnswerHours.max,
    subsequent_requests: a.timeToSubsequentRequestHours.count,
    hours_to_subsequent_request_average: a.timeToSubsequentRequestHours.average,
    ...Object.fromEntries(REFUSAL_GROUNDS.map((ground) => [`refusal_ground_${ground}`, a.refusalGrounds[ground] ?? 0])),
    ...Object.fromEntries(ANNEX_III_REASONS.slice(3).map((reason) => [`non_execution_${reason}`, a.nonExecutionReasons[reason] ?? 0])),
  });
  const context = { from: result.window.from.toISOString(), to: result.window.to.toISOString(), log_tree_size: checkpoint.size, log_root_hash: checkpoint.rootHash };
  const header = ['group', ...keys, ...Object.keys(metric(result.total)), ...Object.keys(context)];
  const row = (group: string, key: readonly (string | null)[], figures: StatisticsAggregate) =>
    [csvField(group), ...key.map((value) => csvField(value, true)), ...Object.values(metric(figures)).map((value) => csvField(value)), ...Object.values(context).map((value) => csvField(value))].join(',');
  const lines = [
    header.map((name) => csvField(name)).join(','),
    row('ALL', keys.map(() => null), result.total),
    ...result.groups.map((group) => row('GROUP', keys.map((key) => group.key[key]), group)),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
