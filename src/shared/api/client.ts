// The typed client the renderer uses. A transport carries one request and returns an ApiResult;
// `call` unwraps it and throws ApiCallError (with the Chinese message) on failure.
import type { ApiInput, ApiName, ApiOutput } from './index';
import { ApiCallError, isApiError } from './errors';
import type { ApiResult } from './errors';

export type Transport = (name: string, input: unknown) => Promise<ApiResult<unknown>>;

export interface ApiClient {
  call<N extends ApiName>(name: N, // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- optional when every field is optional
    ...input: {} extends ApiInput<N> ? [input?: ApiInput<N>] : [input: ApiInput<N>]): Promise<ApiOutput<N>>;
}

export function createApiClient(transport: Transport): ApiClient {
  return {
    async call(name: string, input?: unknown) {
      let result: ApiResult<unknown>;
      try {
        result = await transport(name, input ?? {});
      } catch (e) {
        throw new ApiCallError({ code: 'unavailable', message: `无法连接后台服务：${e instanceof Error ? e.message : String(e)}` });
      }
      if (result && typeof result === 'object' && 'ok' in result) {
        if (result.ok) return result.data;
        if (isApiError(result.error)) throw new ApiCallError(result.error);
      }
      throw new ApiCallError({ code: 'internal', message: '后台返回了无法识别的结果' });
    },
  } as ApiClient;
}
