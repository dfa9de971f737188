// raft-chaos' linearizability checker: the public surface (DESIGN.md §3), published as the
// package's `raft-chaos/checker` export. It imports nothing outside node:*, so it runs without the
// CLI's dependencies:
//
//   import { checkHistoryFile, renderCounterexampleHtml } from 'raft-chaos/checker';
//   const check = await checkHistoryFile('store/latest/history.edn', { model: 'cas-register' });
//   if (check.valid === false) writeFileSync('cx.html', renderCounterexampleHtml(check.result));
//
// or, one step at a time: readHistoryFile (format detected), then checkOperations.
//
// Semantics (see types.ts): an operation's call and return form a closed interval; operations of
// unknown outcome never return; a model is a record of pure functions; `valid` is true, false, or
// 'unknown' when the time budget ran out.
export type {
  CheckOptions,
  CheckResult,
  DescribedOperation,
  KnossosOp,
  NilReadRule,
  LinearizationStep,
  Model,
  Operation,
  Outcome,
  PartitionCounterexample,
  PartitionResult,
  Valid,
} from './types.js';
export {
  MODELS,
  MODEL_NAMES,
  modelByName,
  registerModel,
  casRegisterModel,
  kvModel,
  kvWholeModel,
  mutexModel,
  multiRegisterModel,
  setModel,
  unorderedQueueModel,
  fifoQueueModel,
  ednToPlainMap,
  partitionByKey,
  ModelInputError,
} from './models/index.js';
export {
  checkHistoryFile,
  checkParsedHistory,
  findHistoryFile,
  type HistoryCheck,
  type HistoryCheckOptions,
  type NilReadUsed,
} from './check-file.js';
export { checkOperations, checkHistory, checkHistorySync } from './linearizability/check-async.js';
export { checkOperationsSync } from './linearizability/check.js';
export {
  FORMATS,
  NIL_READ_DEFAULTS,
  isHistoryFormat,
  type HistoryFormat,
  type NilReadDefault,
  type ParsedHistory,
  type SkippedLines,
} from './readers/history.js';
export { parseHistory, readHistoryFile, type ReadHistoryOptions } from './readers/read-history.js';
export type { ReadProgress } from './readers/text-source.js';
export { knossosOp } from './linearizability/counterexample.js';
export { detectFormat } from './readers/detect.js';
export { HistoryParseError } from './readers/parse-error.js';
export { parseEdn, parseEdnForms, EdnFormStream, EdnKeyword, EdnSymbol, keyword, type EdnValue, type EdnForm } from './readers/edn.js';
export { ednToPlain, ednText } from './readers/edn-convert.js';
export { renderCounterexampleHtml } from './linearizability/render-html.js';
