// The test record: one type for every run, parts filled per executor.
export type { Executor, ExecutorParts, RecordCheckers, RecordNemesis, RecordPhases, TestRecord } from './types.js';
