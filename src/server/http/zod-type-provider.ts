// Zod schemas as Fastify route schemas: the type provider gives handlers typed bodies, params,
// querystrings and replies; the compilers below validate requests and replies with the same schemas.
// Written here rather than taken from fastify-type-provider-zod, whose required peers
// (@fastify/swagger, openapi-types) would be installed for OpenAPI output this server does not make.
import type { FastifyPluginAsync, FastifySchemaCompiler, FastifySerializerCompiler, FastifyTypeProvider, RawServerDefault } from 'fastify';
import { z } from 'zod';
import { badRequest } from '../errors';

export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

/** A route plugin whose route schemas are zod schemas. */
export type ZodRoutes<Options extends object> = FastifyPluginAsync<Options, RawServerDefault, ZodTypeProvider>;

function asZod(schema: unknown, where: string): z.ZodType {
  if (schema instanceof z.ZodType) return schema;
  throw new Error(`${where}: route schemas must be zod schemas`);
}

/**
 * A request part that does not parse answers 400 { error: 请求内容不正确：…, code: bad_request } before
 * the handler runs (Fastify hands a missing body over as null).
 */
export const zodValidatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, method, url, httpPart }) => {
  const zodSchema = asZod(schema, `${method} ${url} ${httpPart}`);
  return (data: unknown) => {
    const r = zodSchema.safeParse(data);
    return r.success ? { value: r.data } : { error: badRequest(r.error) };
  };
};

/** A reply is parsed by its schema before it is written: only the fields the schema names leave the server. */
export const zodSerializerCompiler: FastifySerializerCompiler<unknown> = ({ schema, method, url }) => {
  const zodSchema = asZod(schema, `${method} ${url} reply`);
  return (data: unknown) => {
    const r = zodSchema.safeParse(data);
    if (!r.success) throw new Error(`${method} ${url}: the reply does not match its schema: ${r.error.message}`);
    return JSON.stringify(r.data);
  };
};
