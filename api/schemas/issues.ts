import type { z } from 'zod';

export interface FieldIssue {
  index?: number;
  field: string;
  message: string;
}

/** zod issues as `{ field, message }`, with the field as a dotted path ("dimensions.region"). */
export function toFieldIssues(error: z.ZodError, index?: number): FieldIssue[] {
  return error.issues.map((issue) => ({
    ...(index === undefined ? {} : { index }),
    field: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
}
