/** One problem with a proposed request, named by its dotted field path (`spec.replicas[0].name`). @public */
export interface ValidationError {
  /** `metadata.name`, `spec.size`, `spec.databases[0].name`, `apiVersion`, `kind` or `promise`. */
  field: string;
  /** A sentence that names the field and says what is wrong. */
  message: string;
  /** The rule that failed (a JSON Schema keyword, or `required`, `pattern`, `maxLength`, `noApi`, …). */
  keyword?: string;
}

/** The outcome of validating a request: valid, or every problem found. @public */
export interface ValidationResult {
  valid: boolean;
  errors: ValidationError[];
}

/** Wraps a list of errors as a result. @public */
export function validationResultOf(
  errors: ValidationError[],
): ValidationResult {
  return { valid: errors.length === 0, errors };
}
