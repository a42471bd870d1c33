import { planJsonSchema } from '../../src-core/model/plan-schema-json';
import type { Io } from './io';

export function cmdSchema(io: Io): number {
  io.out(JSON.stringify(planJsonSchema(), null, 2) + '\n');
  return 0;
}
