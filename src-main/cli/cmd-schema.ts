import { Plan } from '../../src-core/model/plan-schema';
import type { Io } from './io';

export function cmdSchema(io: Io): number {
  const schema = { $schema: 'http://json-schema.org/draft-07/schema#', ...JSON.parse(JSON.stringify(Plan)) };
  io.out(JSON.stringify(schema, null, 2) + '\n');
  return 0;
}
