// Maps whatever a handler or service throws to the contract's ApiError (Chinese, typed).
import { API_ERROR_CODES, DEFAULT_MESSAGES } from '../../shared/api/errors';
import type { ApiError, ApiErrorCode } from '../../shared/api/errors';
import { chineseIssueMessage } from '../../shared/domain/validators';

/** Thrown by handlers (and usable by services) to refuse with a typed Chinese message. */
export class HandlerError extends Error {
  readonly code: ApiErrorCode;
  readonly fieldErrors?: Record<string, string>;
  constructor(code: ApiErrorCode, message?: string, fieldErrors?: Record<string, string>) {
    super(message ?? DEFAULT_MESSAGES[code]);
    this.name = 'HandlerError';
    this.code = code;
    if (fieldErrors) this.fieldErrors = fieldErrors;
  }
}

const CJK = /[\u3400-\u9fff]/;

/** Domain error codes services may use, in any spelling, mapped to the contract's codes. */
const CODE_ALIASES: Record<string, ApiErrorCode> = {
  validation: 'validation', invalid: 'validation', invalidinput: 'validation', badrequest: 'validation', badinput: 'validation',
  unauthenticated: 'unauthenticated', unauthorized: 'unauthenticated', badcredentials: 'unauthenticated', invalidcredentials: 'unauthenticated', loginfailed: 'unauthenticated', wrongpassword: 'unauthenticated',
  forbidden: 'forbidden', permission: 'forbidden', permissiondenied: 'forbidden', notallowed: 'forbidden', scope: 'forbidden', outofscope: 'forbidden',
  notfound: 'notFound', missing: 'notFound',
  conflict: 'conflict', duplicate: 'conflict', exists: 'conflict', alreadyexists: 'conflict', stale: 'conflict', versionconflict: 'conflict', unique: 'conflict',
  rule: 'rule', invalidtransition: 'rule', transition: 'rule', state: 'rule', invalidstate: 'rule', status: 'rule', precondition: 'rule', business: 'rule', domain: 'rule',
  locked: 'locked', lockedout: 'locked', accountlocked: 'locked',
  unavailable: 'unavailable', notimplemented: 'unavailable', storage: 'unavailable', storenewer: 'unavailable',
};

function normaliseCode(raw: string): ApiErrorCode | null {
  if ((API_ERROR_CODES as readonly string[]).includes(raw)) return raw as ApiErrorCode;
  return CODE_ALIASES[raw.replace(/[^a-z]/gi, '').toLowerCase()] ?? null;
}

interface IssueLike { path?: ReadonlyArray<PropertyKey>; message?: string; code?: string }

function fromIssues(issues: readonly IssueLike[]): ApiError {
  const fieldErrors: Record<string, string> = {};
  let first: string | undefined;
  for (const issue of issues) {
    // Thrown issues carry no input; zod's English message says whether the value was missing.
    const withInput = 'input' in issue ? issue : { ...issue, input: /received undefined/.test(issue.message ?? '') ? undefined : '?' };
    const msg = issue.message && CJK.test(issue.message) ? issue.message : chineseIssueMessage(withInput as Parameters<typeof chineseIssueMessage>[0]);
    const path = (issue.path ?? []).map(String).join('.');
    if (!(path in fieldErrors)) fieldErrors[path] = msg;
    first ??= msg;
  }
  return { code: 'validation', message: first ?? DEFAULT_MESSAGES.validation, fieldErrors };
}

export interface ErrorLog { (error: unknown, context: string): void }

export function toApiError(error: unknown, log?: ErrorLog, context = ''): ApiError {
  if (error instanceof HandlerError) {
    return { code: error.code, message: error.message, ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}) };
  }
  if (typeof error === 'object' && error !== null) {
    const e = error as { name?: unknown; code?: unknown; message?: unknown; issues?: unknown; fieldErrors?: unknown; status?: unknown };
    if (Array.isArray(e.issues) && (e.name === 'ZodError' || e.name === '$ZodError')) return fromIssues(e.issues as IssueLike[]);
    const message = typeof e.message === 'string' ? e.message : '';
    const fieldErrors = isStringRecord(e.fieldErrors) ? e.fieldErrors : undefined;
    if (typeof e.code === 'string') {
      if (e.code.startsWith('SQLITE_CONSTRAINT_UNIQUE') || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        return { code: 'conflict', message: '该记录已存在，不能重复登记' };
      }
      if (e.code === 'SQLITE_BUSY') return { code: 'conflict', message: '数据库正忙，请稍后重试' };
      const code = normaliseCode(e.code);
      if (code && code !== 'internal') {
        return { code, message: CJK.test(message) ? message : DEFAULT_MESSAGES[code], ...(fieldErrors ? { fieldErrors } : {}) };
      }
    }
    // A domain error class without a code but with a Chinese message: a refused rule.
    if (typeof e.name === 'string' && /(Domain|Rule|Validation|NotFound|Forbidden|Conflict|Auth)\w*Error$/.test(e.name) && CJK.test(message)) {
      const byName = normaliseCode(e.name.replace(/Error$/, '')) ?? 'rule';
      return { code: byName, message, ...(fieldErrors ? { fieldErrors } : {}) };
    }
  }
  log?.(error, context);
  return { code: 'internal', message: DEFAULT_MESSAGES.internal };
}

function isStringRecord(v: unknown): v is Record<string, string> {
  return typeof v === 'object' && v !== null && Object.values(v).every((x) => typeof x === 'string');
}
