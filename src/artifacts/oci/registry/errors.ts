import { ActionError } from '../../../core/errors.js';

/** A registry answered with an error (or not at all); the message names the request and what to do. */
export class RegistryError extends ActionError {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

interface ErrorBody {
  errors?: Array<{ code?: string; message?: string }>;
}

/** The first `{code, message}` of a distribution-spec error body, if the body is one. */
export function parseErrorBody(text: string): { code?: string; message?: string } {
  try {
    const first = (JSON.parse(text) as ErrorBody).errors?.[0];
    return {
      ...(first?.code !== undefined ? { code: first.code } : {}),
      ...(first?.message !== undefined ? { message: first.message } : {}),
    };
  } catch {
    return {};
  }
}
