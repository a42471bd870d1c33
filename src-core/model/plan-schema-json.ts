// The published JSON Schema of a plan document: what `lvs-studio schema` prints and what the
// designer's YAML editor validates and completes against.
import { Plan } from './plan-schema';

export const PLAN_SCHEMA_DRAFT = 'http://json-schema.org/draft-07/schema#';

/** A plain JSON value (TypeBox's symbol keys dropped), safe to serialise or hand to a worker. */
export function planJsonSchema(): Record<string, unknown> {
  return { $schema: PLAN_SCHEMA_DRAFT, ...(JSON.parse(JSON.stringify(Plan)) as Record<string, unknown>) };
}
