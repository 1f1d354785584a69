// "Rules once": antd form rules derived from the contract's zod schemas, so a form says exactly what
// the backend will refuse, in the same Chinese words. The validator runs the whole schema on the
// form's values (mapped to the contract input) and shows the issues that name this field, so rules
// that depend on other fields (an agreement needs its term end) come along too.
import type { FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';
import type { z } from 'zod';

export interface ZodFormRules {
  /** The rule for a field (path like 'termEnd' or 'items.0.name'). */
  rule: (field: string) => Rule;
  /** Whether the field must be filled, given the other values (for the red asterisk). */
  required: (field: string, form?: FormInstance) => boolean;
}

const pathOf = (path: readonly PropertyKey[]) => path.map(String).join('.');

export function zodRules<V extends Record<string, unknown>>(schema: z.ZodType, toInput: (values: V) => unknown): ZodFormRules {
  const issuesFor = (values: V, field: string) => {
    const r = schema.safeParse(toInput(values));
    return r.success ? [] : r.error.issues.filter((i) => pathOf(i.path) === field);
  };
  return {
    rule: (field) => (form) => ({
      validator: async () => {
        const [issue] = issuesFor(form.getFieldsValue(true) as V, field);
        if (issue) throw new Error(issue.message);
      },
    }),
    required: (field, form) => {
      const values = { ...((form?.getFieldsValue(true) as V | undefined) ?? {}) } as Record<string, unknown>;
      values[field] = undefined;
      return issuesFor(values as V, field).length > 0;
    },
  };
}
