/**
 * The pieces the routes' response schemas are written in: they document the answers and let Fastify serialise them
 * fast, so a field that may be null is marked as OpenAPI 3.0 does, with `nullable` (fast-json-stringify writes null
 * directly; an `anyOf` made it validate each branch).
 */
export const STRING = { type: "string" } as const;
export const INTEGER = { type: "integer" } as const;
export const BOOLEAN = { type: "boolean" } as const;

export const nullable = <S extends object>(schema: S) => ({ ...schema, nullable: true }) as const;
export const NULLABLE_STRING = nullable(STRING);

/** An object with these properties. */
export const object = <P extends Record<string, object>>(properties: P) => ({ type: "object", properties }) as const;

/** The chain position an answer reflects, as `position` (../context) writes it. */
export const POSITION = object({ blockNumber: INTEGER, blockHash: STRING, blockTime: STRING });
