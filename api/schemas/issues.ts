import type { z } from 'zod';

export interface FieldIssue {
  index?: number;
  field: string;
  message: string;
}

/** zod issues as `{ field, message }`, with the field as a dotted path ("dimensions.region"). */
export function toFieldIssues(error: z.ZodError, index?: number): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const at = (field: string, message: string): FieldIssue =>
      index === undefined ? { field, message } : { index, field, message };
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => at([...path, key].join('.'), 'is not a known field'));
    }
    // A map key that breaks its rule: the key's own message ("Invalid key in record" says
    // nothing), on the path of the key ("dimensions.region").
    if (issue.code === 'invalid_key') {
      return issue.issues.map((keyIssue) => at(path.join('.'), keyIssue.message));
    }
    return [at(path.join('.') || '(body)', issue.message)];
  });
}
