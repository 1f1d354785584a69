// The one error shape that crosses every boundary (IPC, HTTP). `message` is Chinese and shown to
// the user as is; `fieldErrors` maps an input path ("applicant.idNumber") to the message shown
// beside that field.
export const API_ERROR_CODES = [
  'validation', // input failed its schema or a rule about one field
  'unauthenticated', // no session, or it expired / was locked
  'forbidden', // signed in, but the role may not do this
  'notFound',
  'conflict', // the record changed meanwhile, or a unique value is taken
  'rule', // a business rule refused the step (status machine, admission, …)
  'locked', // too many wrong passwords
  'unknownRequest',
  'unavailable', // a part of the app that is not ready (e.g. a service not installed)
  'internal',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface ApiError {
  code: ApiErrorCode;
  message: string;
  fieldErrors?: Record<string, string>;
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export const DEFAULT_MESSAGES: Record<ApiErrorCode, string> = {
  validation: '输入有误，请检查标红的项目',
  unauthenticated: '请先登录',
  forbidden: '当前角色无权进行此操作',
  notFound: '记录不存在或已被删除',
  conflict: '记录已被他人修改，请刷新后重试',
  rule: '当前状态下不能进行此操作',
  locked: '账号已锁定，请稍后再试',
  unknownRequest: '不支持的操作',
  unavailable: '此功能尚未就绪',
  internal: '系统内部错误，请稍后重试；如反复出现请联系管理员',
};

export function isApiError(value: unknown): value is ApiError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && (API_ERROR_CODES as readonly string[]).includes(v.code) && typeof v.message === 'string';
}

/** What the client throws: an Error carrying the ApiError, so `catch (e)` can show `e.apiError.message`. */
export class ApiCallError extends Error {
  readonly apiError: ApiError;
  constructor(apiError: ApiError) {
    super(apiError.message);
    this.name = 'ApiCallError';
    this.apiError = apiError;
  }
  get code(): ApiErrorCode {
    return this.apiError.code;
  }
  get fieldErrors(): Record<string, string> {
    return this.apiError.fieldErrors ?? {};
  }
}
