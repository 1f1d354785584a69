// Puts an API error beside the fields it names; returns the message for a top-level alert.
import type { FormInstance } from 'antd';
import { ApiCallError } from '../../shared/api/index';
import { errorMessage } from '../lib/api';

export function applyApiError(form: FormInstance | null, e: unknown, pathPrefix: string[] = []): string {
  if (form && e instanceof ApiCallError && e.code === 'validation') {
    const fields = Object.entries(e.fieldErrors)
      .filter(([path]) => path !== '')
      .map(([path, msg]) => ({ name: [...pathPrefix, ...path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p))], errors: [msg] }));
    if (fields.length) form.setFields(fields);
  }
  return errorMessage(e);
}
