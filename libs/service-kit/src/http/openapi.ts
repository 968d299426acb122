import { applyDecorators, type INestApplication } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiResponse, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod';

type SchemaObject = Record<string, unknown>;

/** JSON Schema (OpenAPI 3.0 dialect) of a zod schema, so the docs and the validation share one source. */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): SchemaObject {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as SchemaObject;
  delete json['$schema'];
  return json;
}

export const ApiZodBody = (schema: z.ZodType, description?: string) =>
  ApiBody({ schema: openApiSchema(schema, 'input') as never, description });

/** Response headers worth documenting (name → what it says), all integers or text. */
export type ResponseHeaders = Record<string, { description: string; type: 'integer' | 'string' }>;

const headersOf = (headers: ResponseHeaders | undefined) =>
  headers ? { headers: Object.fromEntries(Object.entries(headers).map(([name, h]) => [name, { description: h.description, schema: { type: h.type } }])) } : {};

/**
 * Documents a response with the zod schema it is built from. Every route documents its success
 * answers this way: the gateway's fuzz tests check each answer against it.
 */
export const ApiZodResponse = (status: number, schema: z.ZodType, description = 'OK', headers?: ResponseHeaders) =>
  ApiResponse({ status, description, schema: openApiSchema(schema) as never, ...headersOf(headers) });

/**
 * Documents an answer given in one of several media types (exports): per media type, the zod
 * schema of a JSON answer (checked by the gateway's fuzz tests like any JSON answer), or `text` /
 * `binary` for a file that is not JSON (CSV, XLSX).
 */
export const ApiContentResponse = (status: number, content: Record<string, z.ZodType | 'text' | 'binary'>, description = 'OK', headers?: ResponseHeaders) =>
  ApiResponse({
    status,
    description,
    ...headersOf(headers),
    content: Object.fromEntries(
      Object.entries(content).map(([mediaType, schema]) => [
        mediaType.split(';')[0]!.trim(),
        { schema: schema === 'text' ? { type: 'string' } : schema === 'binary' ? { type: 'string', format: 'binary' } : openApiSchema(schema) },
      ]),
    ) as never,
  });

/** A success without body (204). */
export const ApiNoContent = (description = 'Done') => ApiResponse({ status: 204, description });

const localizedText = z.object({ fr: z.string(), nl: z.string() });

/** The one error format of the platform (see ErrorFilter). */
export const errorBodySchema = z.object({
  statusCode: z.number().int(),
  code: z.string(),
  message: z.string(),
  messages: localizedText,
  errors: z.array(z.object({ path: z.string(), code: z.string(), message: z.string(), messages: localizedText })).optional(),
  requestId: z.string().optional(),
});

/** Documents each property of a zod object used as query string. */
export function ApiZodQuery(schema: z.ZodObject): MethodDecorator {
  const json = openApiSchema(schema, 'input') as { properties?: Record<string, SchemaObject>; required?: string[] };
  return applyDecorators(
    ...Object.entries(json.properties ?? {}).map(([name, property]) =>
      ApiQuery({ name, required: json.required?.includes(name) ?? false, schema: property as never, description: property['description'] as string | undefined }),
    ),
  );
}

export function setupOpenApi(app: INestApplication, service: string, description: string): void {
  const config = new DocumentBuilder()
    .setTitle(`Social Brussels CARE — ${service}`)
    .setDescription(description)
    .setVersion('1')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', customSiteTitle: `CARE ${service}` });
}
