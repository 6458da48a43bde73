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

/**
 * Text from a registry (an error body, a header, a host it redirected to), cut to `max` characters before it
 * goes into a message: the io layer makes it one safe line, and this keeps that line readable.
 */
export function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}... (${text.length - max} more characters)` : text;
}

/** The first `{code, message}` of a distribution-spec error body, if the body is one; both clipped. */
export function parseErrorBody(text: string): { code?: string; message?: string } {
  try {
    const first = (JSON.parse(text) as ErrorBody).errors?.[0];
    const code = typeof first?.code === 'string' ? first.code : undefined;
    const message = typeof first?.message === 'string' ? first.message : undefined;
    return {
      ...(code !== undefined ? { code: clip(code, 64) } : {}),
      ...(message !== undefined ? { message: clip(message, 300) } : {}),
    };
  } catch {
    return {};
  }
}
