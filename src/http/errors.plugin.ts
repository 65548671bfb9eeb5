/**
 * Turns every error into DESIGN's JSON shape with the right status. A 4xx
 * says what was wrong; a 5xx is logged in full and answered with nothing
 * of its internals.
 */

import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from
  'fastify-type-provider-zod';
import { AppError, internal, malformedRequest, notFound,
  unsupportedMediaType, validationFailed } from '../errors.js';

interface FieldProblem {
  field: string;
  message: string;
}

function fieldProblems(error: FastifyError): FieldProblem[] {
  if (!hasZodFastifySchemaValidationErrors(error)) return [];
  const where = error.validationContext ?? 'body';
  return error.validation.flatMap((v) => {
    // The zod provider keeps an issue's path only in instancePath.
    const path = v.instancePath.split('/').filter((p) => p !== '');
    // An unknown key is named by the issue, not by its path.
    const keys = v.keyword === 'unrecognized_keys'
      ? (v.params?.keys as unknown[] | undefined) ?? [] : [];
    const ends = keys.length > 0 ? keys.map((k) => [String(k)]) : [[]];
    return ends.map((end) => ({
      field: [where, ...path, ...end].join('.'),
      message: v.message ?? 'invalid',
    }));
  });
}

function translate(error: FastifyError): AppError {
  if (error instanceof AppError) return error;

  if (hasZodFastifySchemaValidationErrors(error)) {
    const problems = fieldProblems(error);
    const fields = [...new Set(problems.map((p) => p.field))];
    return validationFailed(fields.join(', ') || 'bad input', problems);
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return unsupportedMediaType();
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return malformedRequest('the request body is empty');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return malformedRequest('the request body is not valid JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(413, 'body_too_large', 'the body is too large');
    default:
      break;
  }
  if (error instanceof SyntaxError) {
    return malformedRequest('the request body is not valid JSON');
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const code = (error.code ?? 'bad_request')
      .replace(/^FST_(ERR_)?/, '').toLowerCase();
    return new AppError(status, code, error.message);
  }
  return internal();
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = translate(error);
    if (appError.statusCode >= 500) {
      request.log.error({ err: error }, 'request failed');
    } else {
      request.log.info({ code: appError.code,
        status: appError.statusCode }, 'request refused');
    }
    return reply.code(appError.statusCode).send({
      error: {
        code: appError.code,
        message: appError.message,
        ...(appError.details === undefined
          ? {} : { details: appError.details }),
      },
    });
  });

  app.setNotFoundHandler((request, reply) => {
    const error = notFound('route');
    return reply.code(404).send({
      error: { code: error.code, message: error.message },
    });
  });
}
