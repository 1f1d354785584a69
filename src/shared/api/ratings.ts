// 好差评台账: every rating of a period in the caller's office subtree (agents: their own cases), the
// bad ones (差评) with their callbacks (回访) and rectifications (整改), and the two 100 % targets.
// The records themselves are written through the case contract's entries (callback.add,
// rectification.add, rectification.complete), from the ledger as from the case file.
import type { EvaluationLevel, EvaluationSource } from '../domain/enums';
import { reportParamsSchema } from '../reports/report';
import { defineContract, out } from './contract';

export interface RatingRowDto {
  evaluationId: string;
  caseId: string;
  caseNo: string;
  /** The project's name, or the case's subject when it has no project. */
  title: string;
  agentName: string | null;
  /** The office that registered the case. */
  orgUnitName: string;
  source: EvaluationSource;
  level: EvaluationLevel;
  comment: string;
  evaluatedDate: string;
  bad: boolean;
}

export interface LedgerCallbackDto {
  id: string;
  byName: string | null;
  calledDate: string;
  content: string;
  result: string;
}

export interface LedgerRectificationDto {
  id: string;
  problem: string;
  measure: string;
  responsibleName: string | null;
  /** The day it was entered (China time). */
  enteredDate: string;
  dueDate: string;
  /** Working days from the day it was entered to its deadline. */
  workdaysGiven: number;
  doneDate: string | null;
  /** Done by its deadline: true / false; null while open. */
  onTime: boolean | null;
  /** Open and past its deadline (today). */
  overdue: boolean;
  /** Working days left while open (0 = due today, negative = overdue); null when done. */
  workingDaysLeft: number | null;
}

export interface BadRatingDto extends RatingRowDto {
  callbacks: LedgerCallbackDto[];
  rectifications: LedgerRectificationDto[];
  /** What keeps this rating below the targets, in Chinese (未回访, 未登记整改, 整改未完成); empty when none. */
  missing: string[];
}

export interface RatingTotalsDto {
  ratings: number;
  /** Ratings by level, index 0 = level 1 (非常不满意) … index 4 = level 5 (非常满意). */
  byLevel: [number, number, number, number, number];
  /** Share of ratings that are not bad (非常满意, 满意, 基本满意): the 好评 of 好差评; 1 when there is none. */
  satisfactionRate: number;
  badRatings: number;
  withCallback: number;
  withRectification: number;
  /** Bad ratings with at least one rectification entry, every one of them done. */
  rectificationsDone: number;
  /** 回访率: share of bad ratings with a callback; 1 when there is no bad rating. */
  callbackRate: number;
  /** 整改率: share of bad ratings whose rectifications are entered and all done; 1 when there is no bad rating. */
  rectificationRate: number;
  /** 已登记整改: share of bad ratings with a rectification entry (done or not); 1 when there is no bad rating. */
  registeredRate: number;
  /** Rectifications done by their deadline / after it (every entry of the period's bad ratings). */
  doneOnTime: number;
  doneLate: number;
}

export interface RatingsLedgerDto {
  period: { from: string; to: string };
  /** The office the ledger covers, with the offices below it. */
  office: { id: string; code: string; name: string } | null;
  /** Only the caller's own cases (an agent without a supervising role). */
  ownCasesOnly: boolean;
  totals: RatingTotalsDto;
  /** Every rating, newest first. */
  ratings: RatingRowDto[];
  /** Every bad rating: those keeping the rates below 100 % first (oldest first), then the rest. */
  bad: BadRatingDto[];
}

export const ratingsContract = defineContract({
  'ratings.ledger': {
    input: reportParamsSchema,
    output: out<RatingsLedgerDto>(),
    doc: "好差评台账 of a period for the caller's office subtree (an office within it by orgCode); agents see their own cases",
  },
});
